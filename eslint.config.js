import js from '@eslint/js';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * Test code and test support (test tiers by file name, `testing/` folders behind `testing`
 * subpath exports, the API's e2e harness, the test-database package, the chaos tier's harness)
 * and the benchmarks, which never ship: exempt from the production-only guards below.
 */
const TEST_CODE = [
  '**/*.test.ts',
  '**/testing/**',
  '**/src/test/**',
  'packages/testing/**',
  'packages/cli/src/chaos/**',
  'packages/bench/**',
  'scripts/**',
];

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
    // No import cycles, in a package or across packages (test code included).
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    // Production code reaches another package only through its exports: no relative path into
    // it, no `@orderflow/x/src/...`, and no test support (`@orderflow/testing`, `…/testing`).
    files: ['**/*.ts', '**/*.tsx'],
    ignores: TEST_CODE,
    rules: {
      'import-x/no-relative-packages': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@orderflow/*/src', '@orderflow/*/src/*'],
              message: "Import a package through its exports ('@orderflow/x'), not its files.",
            },
            {
              group: ['@orderflow/testing', '@orderflow/*/testing', '**/testing/*', 'uvu', 'uvu/*'],
              message: 'Test support is for tests: production code must not import it.',
            },
          ],
        },
      ],
      // Small files with one purpose (STYLE.md): past ~300 lines a file usually hides two concerns.
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The API's SDL lives in /* GraphQL */ template strings: the processor lints each as a
    // virtual .graphql file (below) besides the TypeScript.
    files: ['packages/api/src/graphql/**/*.ts'],
    processor: graphqlPlugin.processor,
  },
  {
    // Every type, field, argument, input field, enum value and directive of the SDL says what it
    // is (units, formats, errors): introspection, GraphiQL's docs and codegen show it.
    files: ['packages/api/src/graphql/**/*.graphql'],
    languageOptions: { parser: graphqlPlugin.parser },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
          DirectiveDefinition: true,
        },
      ],
    },
  },
  {
    // Generated from the API's schema (`pnpm codegen`); its size follows the schema.
    files: ['packages/dashboard/web/api/schema.generated.ts'],
    rules: { 'max-lines': 'off' },
  },
  {
    // One JSON log stream: runtime code logs through pino. CLI commands that print for the
    // operator (tables, summaries) allow console in the file, with a comment saying so.
    files: ['packages/*/src/**/*.ts', 'projections/src/**/*.ts', 'sagas/src/**/*.ts', 'fixtures/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**', 'packages/bench/**', 'packages/dashboard/**'],
    rules: { 'no-console': 'error' },
  },
);
