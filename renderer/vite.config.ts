import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { devContentSecurityPolicy } from './dev-csp-plugin';

const rendererRoot = import.meta.dirname;

/**
 * The renderer alone, for browser mode (`npm run build:web`) and `vite` dev.
 * It writes to the same folder as the Electron build, so either one feeds the headless host.
 */
export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react(), devContentSecurityPolicy()],
  build: {
    outDir: resolve(rendererRoot, '../out/renderer'),
    emptyOutDir: true,
    // A desktop app loads its bundle from disk; one chunk of ~900 kB is fine.
    chunkSizeWarningLimit: 1500,
  },
});
