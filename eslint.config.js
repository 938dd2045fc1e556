// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import local from './.eslint-plugin-local/code-layering.ts';
import { aliases, layers } from './.eslint-plugin-local/layers.ts';

const root = import.meta.dirname;

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'dist-electron/**', 'release/**', 'test-results/**', '.tsbuild/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { local },
    rules: {
      'local/code-layering': ['error', { root, layers, aliases }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.{js,ts}'],
    ignores: ['renderer/src/**', 'test/e2e/players/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The player harness page runs in Chromium with the players' globals.
    files: ['test/e2e/players/**/*.js'],
    languageOptions: { globals: { ...globals.browser, shaka: 'readonly', dashjs: 'readonly', Hls: 'readonly' } },
  },
  {
    // Tests read loosely typed JSON from ffprobe and players; the product code may not.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // GitHub Desktop's rule: IPC goes through the typed channel map, never raw ipcMain/ipcRenderer.
    files: ['electron/shell/**/*.ts'],
    // main.ts is the composition root: it hands ipcMain to ipc-main.ts and never registers a channel itself.
    ignores: ['electron/shell/ipc-main.ts', 'electron/shell/preload.ts', 'electron/shell/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Use the typed IPC helpers in electron/shell/ipc-main.ts (channels from electron/studio/api).',
            },
          ],
        },
      ],
    },
  },
);
