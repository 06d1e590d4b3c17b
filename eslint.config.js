// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'net'], message: 'Node built-ins are for hosts and the engine, not here.' };
const hosts = { group: ['**/main/**', '**/preload/**', '**/renderer/**'], message: 'Bad layering: the engine imports no host and no UI.' };
const uiLibraries = { group: ['react', 'react-dom', 'react/*', 'react-dom/*', '@xyflow/*', 'zustand', 'zustand/*', '@mantine/*', 'i18next', 'react-i18next'], message: 'Bad layering: UI libraries belong to renderer/.' };
const electron = { group: ['electron', 'electron/*'], message: 'Bad layering: only main/electron and preload/ may import electron.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['engine/**/*.ts'],
    ignores: ['engine/api/**', 'engine/store/sqlite*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [hosts, uiLibraries, electron, { group: ['better-sqlite3'], message: 'Only engine/store/sqlite*.ts may touch better-sqlite3.' }] }],
    },
  },
  {
    files: ['engine/store/sqlite*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [hosts, uiLibraries, electron] }] },
  },
  {
    // The contract is imported by the renderer and the preload: zod only, no Node, no other engine folder.
    files: ['engine/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [hosts, uiLibraries, electron, nodeBuiltins, { group: ['../*', '!../api', '!../api/*'], message: 'Bad layering: engine/api depends on nothing else in the engine.' }, { group: ['better-sqlite3', 'ws', 'commander'], message: 'The contract stays free of host libraries.' }] },
      ],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/engine/**', '!**/engine/api', '!**/engine/api/**'], message: 'Bad layering: the renderer imports only engine/api.' },
            { group: ['**/main/**', '**/preload/**'], message: 'Bad layering: the renderer talks to hosts only through the contract.' },
            electron,
            nodeBuiltins,
            { group: ['better-sqlite3', 'ws', 'commander'], message: 'Bad layering: no Node libraries in the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/engine/**', '!**/engine/api', '!**/engine/api/**'], message: 'Bad layering: the preload exposes the contract only.' }, { group: ['**/main/**', '**/renderer/**'], message: 'Bad layering.' }, uiLibraries, nodeBuiltins] },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'Bad layering: hosts do not import the renderer.' }, uiLibraries] }] },
  },
  {
    files: ['main/server/**/*.ts', 'main/cli/**/*.ts', 'main/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**', '**/main/electron/**'], message: 'Bad layering.' }, uiLibraries, electron] }] },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
  },
);
