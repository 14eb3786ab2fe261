// Lint: typescript-eslint recommended rules plus the layer boundaries of DESIGN.md §3.
// shared ← core ← services; main → core, shared (+ services/runtime/index.ts, ADR 0007); renderer → shared;
// only src/main/electron imports electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const electronBan = { name: 'electron', message: 'Only src/main/electron/ may import electron.' };
const layer = (message, ...group) => ({ group, message });
const mainLayer = layer(
  'main starts services by entry path and never imports them; only the edge rules of services/runtime/index.ts are shared (ADR 0007).',
  '**/services/*.ts', '**/services/*/**', '!**/services/runtime/index.ts', '**/renderer/**',
);

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', 'dist/', 'data/', 'coverage/', 'test-results/', 'playwright-report/', 'src/renderer/dist/', '.tmp-*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/**/entry.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [
        layer('src/shared depends on nothing but zod.', '**/core/**', '**/services/**', '**/main/**', '**/renderer/**'),
      ] }],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [
        layer('src/core may import only src/shared.', '**/services/**', '**/main/**', '**/renderer/**'),
      ] }],
    },
  },
  {
    files: ['src/services/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [
        layer('services may import core and shared only.', '**/main/**', '**/renderer/**'),
      ] }],
    },
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [
        mainLayer,
      ] }],
    },
  },
  {
    files: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        mainLayer,
      ] }],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [
        layer('the renderer talks to the PersonaAPI over HTTP and imports only src/shared.', '**/core/**', '**/services/**', '**/main/**'),
      ] }],
    },
  },
);
