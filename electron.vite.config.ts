import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { devContentSecurityPolicy } from './renderer/dev-csp-plugin';

const root = import.meta.dirname;

/**
 * One build for every process. The main build has three node entries sharing the engine:
 * the Electron main process, the headless server host and the CLI.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          electron: resolve(root, 'main/electron/index.ts'),
          server: resolve(root, 'main/server/index.ts'),
          cli: resolve(root, 'main/cli/index.ts'),
        },
      },
    },
  },
  // A sandboxed preload can require only 'electron' (and a few Node built-ins), so it is one
  // CommonJS file with every other dependency (the contract, zod) bundled in.
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react(), devContentSecurityPolicy()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // electron-vite leaves the bundle unminified by default; the app loads it from disk or the local host.
      minify: process.env.TIZMOR_NO_MINIFY ? false : true,
      chunkSizeWarningLimit: 1500,
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
