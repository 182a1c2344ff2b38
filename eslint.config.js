// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const jestPlugin = require('eslint-plugin-jest');
const prettier = require('eslint-config-prettier');

/** The only packages workflow code may import: they are deterministic and sandbox-safe. */
const workflowPackages = [
  '@temporalio/workflow',
  '@temporalio/common',
  '@vigil/contracts',
  // The case-type registry (transitions as data): pure, so a workflow applies the API's own table.
  '@vigil/domain/cases',
  'zod',
];

/**
 * Workflow import allowlist for a file `depth` folders below workflows/: the packages above, and
 * relative paths that stay inside workflows/ (`./…`, or at most `depth` leading `../`, with no
 * `.`/`..` segments after that). Everything else (Node built-ins, NestJS, MikroORM, other libs,
 * `../../libs/…`) is an error.
 */
const workflowImportRules = (depth) => {
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const up = depth === 0 ? '\\.' : `(?:\\.|\\.\\.(?:/\\.\\.){0,${depth - 1}})`;
  const relative = `${up}(?:/(?!\\.\\.?(?:/|$))[^/]+)*/?`;
  const allowed = `(?:${workflowPackages.map(escape).join('|')}|${relative})`;
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^(?!${allowed}$)`,
            caseSensitive: true,
            message: `Workflows may import only ${workflowPackages.join(', ')} and relative paths inside workflows/.`,
          },
        ],
      },
    ],
  };
};

/** Layer rules (HOUSE_STYLE §2): what each folder may not import. */
const forbid = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] },
});

module.exports = tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'reports/**',
      'test/replay/histories/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // Configuration is parsed once in libs/config; everything else gets it injected.
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through libs/config (AppConfig).',
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        console: 'readonly',
        process: 'readonly',
        document: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['apps/web/src/assets/**/*.js'], languageOptions: { sourceType: 'module' } },
  // Workflow code is deterministic: no Node built-ins, no frameworks, no I/O, no calendars.
  // An allowlist (see workflowImportRules above), one block per folder depth so that relative
  // imports may climb only as far as workflows/ itself. Specs are not bundled and are exempt.
  {
    files: ['workflows/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression', message: 'Workflows may not load modules dynamically.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() or condition() from @temporalio/workflow.' },
      ],
    },
  },
  { files: ['workflows/*.ts'], ignores: ['**/*.spec.ts'], rules: workflowImportRules(0) },
  { files: ['workflows/*/*.ts'], ignores: ['**/*.spec.ts'], rules: workflowImportRules(1) },
  { files: ['workflows/*/*/*.ts'], ignores: ['**/*.spec.ts'], rules: workflowImportRules(2) },
  // Deeper files may climb three levels, which never leaves workflows/ (add a block to allow more).
  { files: ['workflows/*/*/*/**/*.ts'], ignores: ['**/*.spec.ts'], rules: workflowImportRules(3) },
  forbid(
    ['libs/contracts/**/*.ts'],
    ['@vigil/*', '@nestjs/*', '@mikro-orm/*', '@temporalio/*'],
    'libs/contracts depends on zod only.',
  ),
  forbid(
    ['libs/domain/src/*.ts', 'libs/domain/src/policy/**/*.ts'],
    [
      '@vigil/config',
      '@vigil/persistence',
      '@vigil/cases',
      '@vigil/access',
      '@vigil/notifications',
      '@vigil/temporal',
      '@vigil/audit',
      '@nestjs/*',
      '@mikro-orm/*',
      'node:*',
      './calendar',
      './calendar/*',
    ],
    'The pure domain depends on contracts and zod only; server-only helpers live in ./calendar.',
  ),
  forbid(
    [
      'libs/persistence/**/*.ts',
      'libs/config/**/*.ts',
      'libs/audit/**/*.ts',
      'libs/notifications/**/*.ts',
      'libs/temporal/**/*.ts',
    ],
    ['@vigil/cases', '@vigil/access', '../../apps/*', '../../../apps/*'],
    'Infrastructure libraries may not depend on use cases or apps.',
  ),
  forbid(
    ['libs/cases/**/*.ts', 'libs/access/**/*.ts'],
    ['../../apps/*', '../../../apps/*'],
    'Libraries may not import apps.',
  ),
  {
    ...forbid(
      ['apps/worker/**/*.ts'],
      ['@vigil/cases', '@vigil/access', '../../workflows/*', '../../../workflows/*'],
      'The worker reaches workflows by path only and does not use the request-side libraries.',
    ),
    // ADR 0015: the early warning, a use case Vigil starts itself, opens its case through the one engine.
    ignores: ['apps/worker/src/worker.module.ts', 'apps/worker/src/activities/provider-watch.activities.ts'],
  },
  forbid(
    ['apps/worker/src/worker.module.ts', 'apps/worker/src/activities/provider-watch.activities.ts'],
    ['@vigil/access', '../../workflows/*', '../../../workflows/*'],
    'The worker uses libs/cases only for system-started use cases (ADR 0015), never the access library.',
  ),
  forbid(['apps/api/**/*.ts'], ['../../web/*', '../../../web/*'], 'The API never imports the web app.'),
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'jest.config.js'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*-spec.ts'],
    ...jestPlugin.configs['flat/recommended'],
    rules: {
      ...jestPlugin.configs['flat/recommended'].rules,
      'jest/expect-expect': [
        'error',
        { assertFunctionNames: ['expect', 'verifyOnPage', 'expectNoA11yViolations', 'expectProblem'] },
      ],
      'jest/no-disabled-tests': 'error',
      'jest/no-focused-tests': 'error',
      'jest/no-conditional-expect': 'error',
    },
  },
  prettier,
);
