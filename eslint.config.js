import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.orderflow/**', '**/dist/**', 'infra/.kafka/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // One JSON log stream: runtime code logs through pino. CLI commands that print for the
    // operator (tables, summaries) allow console in the file, with a comment saying so.
    files: ['packages/*/src/**/*.ts', 'projections/src/**/*.ts', 'sagas/src/**/*.ts', 'fixtures/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**', 'packages/bench/**', 'packages/dashboard/**'],
    rules: { 'no-console': 'error' },
  },
);
