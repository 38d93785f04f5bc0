// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layers point one way: server -> ledger <- reports; pos-ui talks HTTP only.
// The rules below make the direction mechanical rather than a thing to remember.
const serverSidePackages = [
  'hono',
  'hono/*',
  '@hono/*',
  'pg',
  'kysely',
  '@electric-sql/*',
  'pdfkit',
  'node:*',
];

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'test-artifacts/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['ledger/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'hono',
                'hono/*',
                '@hono/*',
                'pdfkit',
                'lit',
                'lit/*',
                'pg',
                '@electric-sql/*',
              ],
              message: 'ledger/ knows nothing of HTTP, PDF, UI or drivers.',
            },
            {
              group: ['**/server/**', '**/reports/**', '**/pos-ui/**'],
              message: 'ledger/ is the bottom layer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['reports/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['hono', 'hono/*', '@hono/*', 'lit', 'lit/*'],
              message: 'reports/ renders models; no HTTP or UI.',
            },
            {
              group: ['**/server/**', '**/pos-ui/**'],
              message: 'reports/ may import ledger/ only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['pos-ui/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: serverSidePackages,
              message: 'pos-ui/ runs in the browser and talks HTTP only.',
            },
            {
              group: ['**/server/**', '**/ledger/**', '**/reports/**', '**/migrations/**'],
              message: 'pos-ui/ talks HTTP only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['migrations/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/ledger/**', '**/reports/**'],
              message: 'Migrations are frozen and import nothing from the app.',
            },
          ],
        },
      ],
    },
  },
);
