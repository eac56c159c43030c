import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      'models/training/.cache/**',
      'ohif-extensions/app/**',
      '**/.cache/**',
      '.test-output/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { patterns: ['@sentinelle/*/src/*', '../../*/src/*'] }],
    },
  },
  {
    // The bridge's shared plumbing knows no domain: each domain folder imports it, never the reverse.
    files: ['orthanc-bridge/src/{http,db,crypto,orthanc}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@sentinelle/*/src/*', '../../*/src/*'] },
            {
              group: ['../*', '!../http', '!../db', '!../crypto', '!../orthanc', '!../testing'],
              message: 'shared plumbing (http, db, crypto, orthanc) must not import a domain folder',
            },
          ],
        },
      ],
    },
  },
  {
    // Orthanc Explorer extension: a browser script appended to Orthanc Explorer (jQuery Mobile 1.1).
    files: ['orthanc-bridge/src/explorer/plugin/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.browser, $: 'readonly', __SENTINELLE_SETTINGS__: 'readonly' },
    },
  },
  {
    // The bridge's own pages (sign-in, audit trail, accounts, report templates): plain browser scripts.
    files: ['orthanc-bridge/src/web/pages/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    // OHIF extension and mode: browser ES modules bundled by esbuild.
    files: ['ohif-extensions/extension-mammo-ai/**/*.{ts,tsx}', 'ohif-extensions/mode-mammo-ai/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
