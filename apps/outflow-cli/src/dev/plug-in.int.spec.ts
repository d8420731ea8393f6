// A new downstream appears in `npm start` with no edit to the CLI or another app: a throwaway
// subscription plus a minimal app (a function and an in-memory store, in a temp dir) is started by
// the very code `outflow dev` runs (startDevEnvironment → buildLocalSubscriptions).
import { outflowTopology, subscription } from '@outflow/topology';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APPS_DIRS, startDevEnvironment, type DevEnvironment } from './dev-environment';
import type { OrderComparison } from './order-comparison';

const THROWAWAY_LOCAL = `
import { ApplyChanges } from '@outflow/core-application';
import { createSqsApplyHandler, silentLogger } from '@outflow/runtime-lambda';
import type { LocalSubscriptionFactory } from '@outflow/runtime-local';
import { InMemoryProjectionStore } from '@outflow/testing';

export const createLocalSubscription: LocalSubscriptionFactory = async (stack) => {
  const store = new InMemoryProjectionStore();
  stack.log('throwaway-sync plugged in for ' + stack.subscription.name);
  return {
    handler: createSqsApplyHandler(new ApplyChanges(store), { logger: silentLogger }),
    store,
    describe: 'in memory',
    dispose: async () => undefined,
  };
};
`;

/** A minimal app as a team would add it: package.json with exports["./local"] and that file. */
function writeThrowawayApp(appsDir: string): void {
  const dir = join(appsDir, 'throwaway-sync');
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: '@outflow/throwaway-sync',
      private: true,
      exports: { './local': './src/local.ts' },
    }),
  );
  writeFileSync(join(dir, 'src', 'local.ts'), THROWAWAY_LOCAL);
}

describe('Plug-in: a new subscription and app in the local runtime', () => {
  jest.setTimeout(180_000);
  const root = mkdtempSync(join(tmpdir(), 'outflow-plug-in-'));
  const appsDir = join(root, 'apps');
  const lines: string[] = [];
  let env: DevEnvironment | undefined;

  beforeAll(async () => {
    writeThrowawayApp(appsDir);
    const environment = { ...process.env };
    delete environment['DATABASE_URL']; // the default: embedded PGlite in the data dir
    env = await startDevEnvironment({
      dataDir: join(root, 'data'),
      port: 0,
      log: (line) => lines.push(line),
      warn: (line) => lines.push(`warning: ${line}`),
      topology: {
        ...outflowTopology,
        subscriptions: [
          ...outflowTopology.subscriptions,
          subscription('throwaway', 'throwaway-sync', ['order']),
        ],
      },
      appsDirs: [appsDir, ...APPS_DIRS],
      env: environment,
    });
  });
  afterAll(async () => {
    await env?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('runs the throwaway consumer beside the others, and the change lands in its store', async () => {
    // Prepare
    const api = env!.api.url;
    expect(lines).toContain('throwaway-sync plugged in for throwaway');
    expect(Object.keys(env!.subscriptions)).toEqual([
      ...outflowTopology.subscriptions.map((s) => s.name),
      'throwaway',
    ]);
    // Act: an order through the orders API, as a user would write one.
    const created = await fetch(`${api}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        orderId: 'plug-1',
        customerId: 'c-1',
        currency: 'EUR',
        items: [{ sku: 'A', quantity: 2, unitPriceCents: 750 }],
      }),
    });
    expect(created.status).toBe(201);
    // Assess: every downstream, the throwaway one included, holds what the source holds.
    let shown: OrderComparison | undefined;
    const deadline = Date.now() + 60_000;
    while (!shown?.agree && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      shown = (await (await fetch(`${api}/_outflow/orders/plug-1`)).json()) as OrderComparison;
    }
    expect(shown?.agree).toBe(true);
    expect(Object.keys(shown!.downstreams)).toContain('throwaway');
    expect(shown!.downstreams['throwaway']).toEqual(shown!.source);
    expect(shown!.source).toMatchObject({ version: 1, deleted: false, state: { totalCents: 1500 } });
    expect(env!.runtime.stats().subscriptions['throwaway']).toMatchObject({ applied: 1 });
  });
});
