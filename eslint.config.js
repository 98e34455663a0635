// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import boundaries from './eslint-rules/boundaries.js';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'data/', 'coverage/', 'dist/', 'eslint.config.js', 'eslint-rules/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits is how bots crash on an unhandled rejection.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false } },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    plugins: { hearth: { rules: { boundaries } } },
    rules: { 'hearth/boundaries': 'error' },
  },
  prettier,
  {
    files: ['test/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
);
