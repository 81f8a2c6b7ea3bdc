// ESLint and its plugins are installed in tools/lint (see tools/lint/package.json for why).
export { default } from './tools/lint/eslint.config.js';
