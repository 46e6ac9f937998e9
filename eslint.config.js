// Lint rules for the server, the CLI, the tests, the benchmarks and the web app.
// STYLE rule 3: Drizzle is imported only by src/db/ and the modules' query files, so that every
// piece of SQL lives in one layer and services, routes and domain rules stay free of it.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const typescriptFiles = [
  'src/**/*.ts',
  'test/**/*.ts',
  'bench/**/*.ts',
  'web/src/**/*.{ts,tsx}',
  '*.ts',
];

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'web/dist/',
      'src/db/migrations/',
      'data/',
      'coverage/',
      'bench/out/',
      '.tmp/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}', ...typescriptFiles],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: typescriptFiles,
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^drizzle-orm(/.*)?$',
              message:
                'Drizzle belongs in src/db/ and the modules\u2019 queries.ts (STYLE rule 3): call a query function instead.',
            },
          ],
        },
      ],
    },
  },
  {
    // Where SQL is allowed: the database layer, the modules' query files and seeds, and tests
    // that arrange or inspect rows directly, and benchmarks whose baselines are raw SQL.
    files: [
      'bench/**/*.ts',
      'src/db/**/*.ts',
      'src/modules/**/queries.ts',
      'src/modules/**/seed.ts',
      'src/modules/**/*.test.ts',
      'test/**/*.ts',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
);
