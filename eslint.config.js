import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layering table of ARCHITECTURE.md, enforced: each folder may import only what its row
 * allows. A wrong import fails `npm run lint` (and so `npm test`).
 */
const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'url',
  'util',
  'stream',
  'worker_threads',
];
const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});
const group = (names, message) => ({ group: names, message });

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'out-*/**',
      'reports/**',
      'test-results/**',
      'playwright-report/**',
      'tests/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['core/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: restrict([
      group(['electron', 'electron/*'], 'core/ is pure domain code: no Electron.'),
      group(
        ['react', 'react-dom', 'react/*', 'react-dom/*', 'lexical', '@lexical/*', 'zustand', 'zustand/*'],
        'core/ is pure domain code: no UI libraries.',
      ),
      group(['dexie', 'dexie-*'], 'core/ is pure domain code: storage belongs to renderer/src/db.'),
      group(nodeBuiltins, 'core/ must run in the renderer too: no Node-only APIs (inject them).'),
      group(
        ['**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**', '**/tests/**'],
        'core/ may import npm libraries only.',
      ),
    ]),
  },
  {
    files: ['core/bridge/**/*.ts'],
    rules: restrict([
      group(
        ['electron', 'electron/*', 'react', 'dexie', ...nodeBuiltins],
        'core/bridge is the IPC contract: core/ and zod only.',
      ),
      group(
        ['**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**'],
        'core/bridge may import core/ only.',
      ),
    ]),
  },
  {
    files: ['main/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: restrict([
      group(
        ['**/renderer/**', '**/preload/**', '**/cli/**'],
        'main/ may import core/, electron and node only.',
      ),
      group(
        ['react', 'react-dom', 'lexical', '@lexical/*', 'dexie', 'zustand'],
        'main/ has no UI or browser storage.',
      ),
    ]),
  },
  {
    files: ['preload/**/*.ts'],
    rules: restrict([
      group(
        ['**/renderer/**', '**/main/**', '**/cli/**'],
        'preload/ may import core/bridge and electron only.',
      ),
      group(
        [
          '../core/model*',
          '../core/importers*',
          '../core/anchoring*',
          '../core/exporters*',
          '../core/project*',
        ],
        'preload/ may import core/bridge only.',
      ),
      group(
        ['zod', 'react', 'dexie', ...nodeBuiltins],
        'preload/ must stay tiny: core/bridge and electron only.',
      ),
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([
        group(
          ['electron', 'electron/*', ...nodeBuiltins],
          'renderer/ runs sandboxed: no Electron or Node APIs (use src/platform).',
        ),
        group(
          ['**/main/**', '**/preload/**', '**/cli/**'],
          'renderer/ may import core/ and browser APIs only.',
        ),
      ]),
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'gloss', message: 'Only renderer/src/platform talks to window.gloss.' },
        {
          object: 'globalThis',
          property: 'gloss',
          message: 'Only renderer/src/platform talks to window.gloss.',
        },
      ],
    },
  },
  {
    files: ['renderer/src/platform/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['cli/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: restrict([
      group(['**/renderer/**', '**/main/**', '**/preload/**'], 'cli/ may import core/ and node only.'),
      group(
        ['electron', 'dexie', 'react', 'lexical', '@lexical/*'],
        'cli/ works on project files: no Electron, Dexie or UI.',
      ),
    ]),
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'scripts/**/*.{js,mjs,ts}', '*.config.{ts,js}', '.ci/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
