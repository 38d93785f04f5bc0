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

/** What every file under pos-ui/ may not import, plus a block's own rules. */
function posUiPatterns(...extra) {
  return [
    {
      group: serverSidePackages,
      message: 'pos-ui/ runs in the browser and talks HTTP only.',
    },
    {
      group: ['**/server/**', '**/ledger/**', '**/reports/**', '**/migrations/**', '**/tools/**'],
      message:
        'pos-ui/ talks HTTP only (types come from shared/api/schema.d.ts; shared words from contract/).',
    },
    ...extra,
  ];
}

/** What no file under ledger/ may import. */
const ledgerBottomLayer = [
  {
    group: ['hono', 'hono/*', '@hono/*', 'pdfkit', 'lit', 'lit/*', 'pg', '@electric-sql/*'],
    message: 'ledger/ knows nothing of HTTP, PDF, UI or drivers.',
  },
  {
    group: ['**/server/**', '**/reports/**', '**/pos-ui/**', '**/tools/**', '**/tests/**'],
    message: 'ledger/ is the bottom layer.',
  },
];

const testSupportOnlyInTests = {
  group: ['**/test-support/**'],
  message: 'Fixtures are for tests only.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'test-artifacts/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    // Type-aware rules: each file is checked with the tsconfig that owns it (Node, browser,
    // browser suite), found by the project service.
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      // Every promise is awaited, returned or explicitly voided; every switch over a union
      // handles every member (a new tender or role cannot be silently ignored).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      // Numbers and booleans read fine in messages; objects (a Decimal, a Date) must be
      // formatted on purpose.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Off, on purpose: an `async` function that implements an async contract (a route
      // handler, a record's `find`, a fake) stays async even without an await, so that a
      // thrown Refusal becomes a rejected promise as its callers expect, not a sync throw.
      '@typescript-eslint/require-await': 'off',
      // Off: strings are spread on purpose, to iterate by code point (CJK widths on a
      // receipt, the digits of a code); that is what the rule warns about.
      '@typescript-eslint/no-misused-spread': 'off',
      // Off: values that cross a boundary (IndexedDB rows, JSON, page.evaluate results)
      // are typed as what we expect, and the checks on them stay in case they are not.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Off for the same reason: `Number(row.count)` on a driver's answer stays, because
      // PostgreSQL's INT8 arrives as text whatever the row type says.
      '@typescript-eslint/no-unnecessary-type-conversion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['ledger/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ledgerBottomLayer }] },
  },
  // ledger/ has two halves: books/ (the accounts, journal, periods, close, funds) and
  // selling/ (catalog, production, shifts, sales, refunds). Selling posts to the books;
  // the books know nothing of selling, so what the close needs from it is passed in.
  // core/ and schema/ are shared by both and import neither.
  ...[
    {
      dir: 'books',
      banned: ['**/selling/**'],
      message: 'ledger/books/ may not import ledger/selling/; pass what it needs in.',
    },
    {
      dir: 'core',
      banned: ['**/selling/**', '**/books/**'],
      message: 'ledger/core/ is shared by both halves and imports neither.',
    },
    {
      dir: 'schema',
      banned: ['**/selling/**', '**/books/**', '**/core/**'],
      message: 'ledger/schema/ holds the table types only.',
    },
  ].map(({ dir, banned, message }) => ({
    files: [`ledger/${dir}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [...ledgerBottomLayer, { group: banned, message }],
        },
      ],
    },
  })),
  // Every debit and credit is decided in ledger/books/posting-rules.ts. An object literal
  // with an `account` and a `debit` or `credit` holding an amount is an entry line being
  // written; elsewhere in ledger/ or server/ it must come from a posting rule instead.
  // (Read models carry more keys than a line's four; JSON renderings hold `.toFixed(2)`.)
  {
    files: ['ledger/**/*.ts', 'server/**/*.ts'],
    // server/schemas/ describes a line's JSON shape (zod); it writes none.
    ignores: ['ledger/books/posting-rules.ts', 'server/schemas/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ObjectExpression:has(> Property[key.name='account']):has(> Property[key.name=/^(debit|credit)$/][value.type!='CallExpression']):not(:has(> Property[key.name!=/^(account|debit|credit|memo)$/]))",
          message: 'Entry lines are built in ledger/books/posting-rules.ts only.',
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
  // pos-ui/: browser code. It talks to the server over HTTP only, typed by the generated
  // shared/api/schema.d.ts; the one thing it shares with server-side code is contract/.
  // Each app (public/, pos/, books/) builds on shared/ and never on another app.
  {
    files: ['pos-ui/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: posUiPatterns() }] },
  },
  ...['public', 'pos', 'books'].map((app) => ({
    files: [`pos-ui/src/${app}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: posUiPatterns(
            {
              group: ['public', 'pos', 'books']
                .filter((other) => other !== app)
                .flatMap((other) => [`../${other}/**`, `**/src/${other}/**`]),
              message: 'Apps import shared/, not each other.',
            },
            testSupportOnlyInTests,
          ),
        },
      ],
    },
  })),
  {
    files: ['pos-ui/src/shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: posUiPatterns(
            {
              group: ['../public/**', '../pos/**', '../books/**', '**/src/{public,pos,books}/**'],
              message: 'shared/ is the base the apps build on; it knows no app.',
            },
            testSupportOnlyInTests,
          ),
        },
      ],
    },
  },
  // contract/: words and shapes both sides share. It imports nothing, so either side may
  // import it without pulling the other side in.
  {
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportDeclaration', message: 'contract/ imports nothing.' },
        { selector: 'ImportExpression', message: 'contract/ imports nothing.' },
        { selector: 'ExportAllDeclaration', message: 'contract/ imports nothing.' },
        { selector: 'ExportNamedDeclaration[source]', message: 'contract/ imports nothing.' },
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
  {
    // Lit calls an element's event listeners with the element as `this`.
    files: ['pos-ui/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Tests use vitest's asymmetric matchers (`expect.any`, typed any) and hand-made fakes.
    files: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  // Plain JavaScript files (this config) have no type information.
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
