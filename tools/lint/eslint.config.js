// The project's ESLint configuration (loaded through ../../eslint.config.js). Flat config:
// ESLint's and typescript-eslint's recommended rules and a few pragmatic ones. Syntax-only
// rules: the type checker (npx tsc --noEmit -p .) covers types.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'coverage/**', 'test-artifacts/**', 'packages/console/src/api/schema.d.ts'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // `_name` marks a parameter or binding kept on purpose (a handler's unused request, a skipped tuple item).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      // A binding a closure reads before its single assignment (a cleanup registered first) stays `let`.
      'prefer-const': ['error', { destructuring: 'all', ignoreReadBeforeAssign: true }],
      // Input sanitising matches control characters on purpose.
      'no-control-regex': 'off',
      'no-throw-literal': 'error',
      'object-shorthand': ['error', 'properties'],
    },
  },
  {
    files: ['packages/widget/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
