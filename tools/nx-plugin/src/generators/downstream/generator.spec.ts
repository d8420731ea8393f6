import { readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The generator is CommonJS (Nx loads it without a TypeScript transpiler); its API, typed here.
type Options = {
  name?: string;
  kind?: string;
  aggregateTypes?: string;
  delivery?: string;
  table?: string;
  now?: string;
  skipFormat?: boolean;
};
type Generator = ((tree: Tree, options: Options) => Promise<() => void>) & {
  withSubscription(source: string, entry: string): string;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS generator, as Nx loads it
const generator = require('./generator.cjs') as Generator;

const repoRoot = join(__dirname, '../../../../..');
const TOPOLOGY = 'libs/topology/src/lib/outflow-topology.ts';

/** An empty Nx workspace holding the three files the generator edits, as the repository has them. */
function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  // Formatted as the repository formats: prettier with its config (the empty workspace's oxfmt config out).
  for (const file of tree.children('').filter((f) => f.startsWith('.oxfmt'))) tree.delete(file);
  for (const file of [
    TOPOLOGY,
    'tsconfig.base.json',
    '.prettierrc.json',
    'prisma/migrations/20261129200000_bigint_versions/migration.sql',
  ])
    tree.write(file, readFileSync(join(repoRoot, file), 'utf8'));
  return tree;
}

/** Every file of the tree with its content (to prove a refusal changed nothing). */
const snapshot = (tree: Tree) =>
  Object.fromEntries(tree.listChanges().map((change) => [change.path, change.content?.toString('utf8')]));

const generate = async (tree: Tree, options: Options) => {
  const done = await generator(tree, { skipFormat: true, ...options });
  return done;
};

describe('Generator: @outflow/tools:downstream', () => {
  describe.each(['webhook', 'dynamodb', 'prisma'])('kind %s', (kind) => {
    let tree: Tree;
    beforeAll(async () => {
      tree = workspace();
      await generate(tree, { name: 'crm', kind, now: '2026-12-01T08:30:00Z' });
    });

    it('creates the library as an adapter with its own jest, tsconfig, README and contract spec', () => {
      const lib = 'libs/adapters/crm-projection';
      expect(readJson(tree, `${lib}/package.json`)).toMatchObject({
        name: '@outflow/crm-projection',
        nx: { projectType: 'library', tags: ['type:adapter'] },
        scripts: { test: 'jest --passWithNoTests', lint: 'eslint .' },
      });
      expect(readJson(tree, `${lib}/tsconfig.json`)).toEqual({
        extends: '../../../tsconfig.base.json',
        include: ['src/**/*.ts', 'test/**/*.ts'],
      });
      expect(tree.read(`${lib}/jest.config.cjs`, 'utf8')).toContain("require('../../../jest.preset.cjs')");
      const specs = tree.children(`${lib}/src/lib`).filter((f) => f.endsWith('.int.spec.ts'));
      expect(specs).toHaveLength(1);
      expect(tree.read(`${lib}/src/lib/${specs[0]}`, 'utf8')).toContain('describeProjectionStoreContract(');
      expect(tree.read(`${lib}/README.md`, 'utf8')).toContain('## What to fill in');
    });

    it('creates the app with a handler, a composition root, a local entry and serverless.ts from the topology', () => {
      const app = 'apps/crm-sync';
      expect(readJson(tree, `${app}/package.json`)).toMatchObject({
        name: '@outflow/crm-sync',
        exports: { './local': './src/local.ts' },
        nx: { projectType: 'application', tags: ['type:app'] },
      });
      for (const file of [
        'src/handlers/queue-apply.handler.ts',
        'src/composition-root.ts',
        'src/local.ts',
        'src/config.ts',
        'src/config.spec.ts',
        'src/serverless-package.int.spec.ts',
      ])
        expect(tree.exists(`${app}/${file}`)).toBe(true);
      expect(tree.read(`${app}/src/local.ts`, 'utf8')).toContain('export const createLocalSubscription');
      const serverless = tree.read(`${app}/serverless.ts`, 'utf8');
      expect(serverless).toContain("subscriptionNamed(outflowTopology, 'crm')");
      expect(serverless).toContain("appResources(outflowTopology, 'crm-sync'");
    });

    it('adds the subscription to outflowTopology after the existing ones, per-aggregate by default', () => {
      const topology = tree.read(TOPOLOGY, 'utf8') as string;
      const before = readFileSync(join(repoRoot, TOPOLOGY), 'utf8');
      // The new entry comes last, after every subscription the repo already has.
      expect(topology).toMatch(
        /\}\),\n {4}subscription\('crm', 'crm-sync', \['order'\], \{\n {6}delivery: 'per-aggregate',[\s\S]*\}\),\n {2}\],/,
      );
      expect(topology.match(/subscription\('/g)).toHaveLength(
        (before.match(/subscription\('/g) ?? []).length + 1,
      );
    });

    it('maps the library in tsconfig.base.json (module boundaries apply at once)', () => {
      const paths = readJson(tree, 'tsconfig.base.json').compilerOptions.paths;
      expect(paths['@outflow/crm-projection']).toEqual(['libs/adapters/crm-projection/src/index.ts']);
      expect(paths['@outflow/crm-projection/local']).toEqual(
        kind === 'webhook' ? ['libs/adapters/crm-projection/src/local.ts'] : undefined,
      );
    });
  });

  it('webhook: documents the wire contract and ships the stand-in endpoint and the end-to-end sync spec', async () => {
    const tree = workspace();
    await generate(tree, { name: 'partner-hook', kind: 'webhook' });
    const readme = tree.read('libs/adapters/partner-hook-projection/README.md', 'utf8') as string;
    for (const part of [
      'Idempotency-Key',
      'X-Outflow-Aggregate-Version',
      '409 {"currentVersion": N}',
      'HMAC-SHA256',
    ])
      expect(readme).toContain(part);
    expect(tree.exists('libs/adapters/partner-hook-projection/src/lib/local/stand-in-endpoint.ts')).toBe(
      true,
    );
    expect(tree.read('apps/partner-hook-sync/src/sync.int.spec.ts', 'utf8')).toContain(
      'faults: { bus: { duplicateRate: 0.3, reorder: true, random }',
    );
    expect(tree.read('apps/partner-hook-sync/src/local.ts', 'utf8')).toContain('PARTNER_HOOK_WEBHOOK_URL');
    expect(tree.read('apps/partner-hook-sync/serverless.ts', 'utf8')).toContain(
      "Type: 'AWS::SecretsManager::Secret'",
    );
  });

  it('prisma: maps the named table and adds its migration after the newest one', async () => {
    const tree = workspace();
    await generate(tree, { name: 'crm', kind: 'prisma', table: 'crm_accounts', now: '2026-11-01T00:00:00Z' });
    expect(tree.read('libs/adapters/crm-projection/src/lib/legacy-mapping.ts', 'utf8')).toContain(
      "name: 'crm_accounts'",
    );
    // The clock sorts before the newest migration: the new one goes right after it.
    expect(tree.read('prisma/migrations/20261129200001_crm_projection/migration.sql', 'utf8')).toContain(
      'CREATE TABLE "crm_accounts"',
    );
  });

  it('webhook of another aggregate type: no end-to-end spec (it drives the orders source)', async () => {
    const tree = workspace();
    await generate(tree, { name: 'crm', kind: 'webhook', aggregateTypes: 'customer' });
    expect(tree.exists('apps/crm-sync/src/sync.int.spec.ts')).toBe(false);
    expect(
      tree.read('libs/adapters/crm-projection/src/lib/webhook-projection.int.spec.ts', 'utf8'),
    ).toContain("aggregateType: 'customer'");
  });

  it('takes the aggregate types and the delivery mode', async () => {
    const tree = workspace();
    await generate(tree, {
      name: 'cache',
      kind: 'dynamodb',
      aggregateTypes: 'order,customer',
      delivery: 'unordered',
    });
    expect(tree.read(TOPOLOGY, 'utf8')).toContain(
      "subscription('cache', 'cache-sync', ['order', 'customer'], {\n      delivery: 'unordered',",
    );
  });

  describe('refusals: a clear message, and nothing changed', () => {
    const refused = async (options: Options, message: RegExp, prepare?: (tree: Tree) => Promise<void>) => {
      const tree = workspace();
      await prepare?.(tree);
      const before = snapshot(tree);
      await expect(generate(tree, options)).rejects.toThrow(message);
      await expect(generate(tree, options)).rejects.toThrow(
        /Cannot add the downstream \(nothing was changed\)/,
      );
      expect(snapshot(tree)).toEqual(before);
    };

    it.each([
      ['CRM', /--name="CRM" is not a valid name: use kebab-case/],
      ['2fa', /--name="2fa" is not a valid name/],
      ['a--b', /--name="a--b" is not a valid name/],
      ['crm-sync', /--name=crm-sync: leave out the "-sync"\/"-projection" suffix/],
    ])('a bad name (%s)', async (name, message) => {
      await refused({ name, kind: 'webhook' }, message);
    });

    it('a missing name', async () => {
      await refused({ kind: 'webhook' }, /--name="" is not a valid name/);
    });

    it('a name taken by an existing subscription', async () => {
      await refused(
        { name: 'search', kind: 'webhook' },
        /--name=search is taken: .*already has a subscription named "search"/,
      );
    });

    it('a name taken by an existing app or library', async () => {
      await refused(
        { name: 'crm', kind: 'dynamodb' },
        /--name=crm is taken: apps\/crm-sync already exists/,
        async (tree) => {
          tree.write('apps/crm-sync/package.json', '{}');
        },
      );
    });

    it('a name generated before', async () => {
      await refused({ name: 'crm', kind: 'prisma' }, /--name=crm is taken/, async (tree) => {
        await generate(tree, { name: 'crm', kind: 'webhook' });
      });
    });

    it('an unknown kind, a bad delivery, bad aggregate types, a bad table — all named at once', async () => {
      await refused(
        { name: 'crm', kind: 'kafka', delivery: 'fifo', aggregateTypes: 'Order', table: 'Bad-Table' },
        /--kind="kafka" is not a kind: use one of webhook, prisma, dynamodb[\s\S]*--aggregate-types="Order"[\s\S]*--delivery="fifo" is not a delivery mode[\s\S]*--table is for --kind=prisma only[\s\S]*--table="Bad-Table"/,
      );
    });
  });

  describe('Function: withSubscription (the topology edit)', () => {
    const entry = "subscription('crm', 'crm-sync', ['order'])";

    it('appends after entries another change added, brackets in strings and comments included', () => {
      const source = [
        "export const other = { subscriptions: [subscription('no', 'no-sync', ['order'])] };",
        'export const outflowTopology: OutflowTopology = {',
        "  sources: [{ name: 'orders' }],",
        '  subscriptions: [',
        "    subscription('search', 'search-sync', ['order'], { description: 'search ] [' }),",
        '    // views: DynamoDB [read models]',
        "    subscription('views', 'views-sync', ['order'])",
        '  ],',
        '};',
        '',
      ].join('\n');
      const edited = generator.withSubscription(source, entry);
      expect(edited).toContain(
        "    subscription('views', 'views-sync', ['order']),\n    subscription('crm', 'crm-sync', ['order']),\n  ],\n};",
      );
      expect(edited.startsWith(source.split('\n')[0] as string)).toBe(true);
    });

    it('fills an empty array', () => {
      expect(generator.withSubscription('export const outflowTopology = { subscriptions: [] };', entry)).toBe(
        `export const outflowTopology = { subscriptions: [\n    ${entry},\n  ] };`,
      );
    });

    it('says what to add by hand when the topology has no subscriptions array', () => {
      expect(() => generator.withSubscription('export const topology = {};', entry)).toThrow(
        /has no "export const outflowTopology = \{ … subscriptions: \[ … \] \}"; add the subscription by hand: subscription\('crm'/,
      );
    });
  });
});
