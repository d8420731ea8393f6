// `outflow show` against a started dev environment on a --data-dir of its own: it finds the running
// process without --data-dir, says when an order is nowhere, refuses an invalid id, and names a
// dead-lettered change. The one subscription is a throwaway app whose handler fails `poison-*` orders.
import { outflowTopology, subscription } from '@outflow/topology';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../cli/command';
import { APPS_DIRS, startDevEnvironment, type DevEnvironment } from '../dev/dev-environment';
import type { OrderComparison } from '../dev/order-comparison';
import { main } from '../main';

const FAILING_LOCAL = `
import { ApplyChanges } from '@outflow/core-application';
import { createSqsApplyHandler, silentLogger } from '@outflow/runtime-lambda';
import type { LocalSubscriptionFactory } from '@outflow/runtime-local';
import { InMemoryProjectionStore } from '@outflow/testing';

export const createLocalSubscription: LocalSubscriptionFactory = async () => {
  const store = new InMemoryProjectionStore();
  const apply = createSqsApplyHandler(new ApplyChanges(store), { logger: silentLogger });
  return {
    handler: async (event, context) => {
      const poison = event.Records.filter((r) => r.body.includes('poison-'));
      const rest = event.Records.filter((r) => !poison.includes(r));
      const applied = rest.length > 0 ? await apply({ Records: rest }, context) : undefined;
      return {
        batchItemFailures: [
          ...(applied?.batchItemFailures ?? []),
          ...poison.map((r) => ({ itemIdentifier: r.messageId })),
        ],
      };
    },
    store,
    describe: 'in memory, fails poison-* orders',
    dispose: async () => undefined,
  };
};
`;

describe('Command: show, with `npm start` running on another --data-dir', () => {
  jest.setTimeout(180_000);
  const root = mkdtempSync(join(tmpdir(), 'outflow-cli-show-'));
  const dataDir = join(root, 'data');
  const savedRegistry = process.env['OUTFLOW_RUNNING_DIR'];
  let env: DevEnvironment | undefined;

  const show = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
    const code = await main(['show', ...args], io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    process.env['OUTFLOW_RUNNING_DIR'] = join(root, 'running');
    const app = join(root, 'apps', 'failing-sync');
    mkdirSync(join(app, 'src'), { recursive: true });
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: '@outflow/failing-sync',
        private: true,
        exports: { './local': './src/local.ts' },
      }),
    );
    writeFileSync(join(app, 'src', 'local.ts'), FAILING_LOCAL);
    env = await startDevEnvironment({
      dataDir,
      port: 0,
      timeScale: 0.001,
      log: () => undefined,
      warn: () => undefined,
      topology: { ...outflowTopology, subscriptions: [subscription('failing', 'failing-sync', ['order'])] },
      appsDirs: [join(root, 'apps'), ...APPS_DIRS],
    });
  });
  afterAll(async () => {
    await env?.stop();
    if (savedRegistry === undefined) delete process.env['OUTFLOW_RUNNING_DIR'];
    else process.env['OUTFLOW_RUNNING_DIR'] = savedRegistry;
    rmSync(root, { recursive: true, force: true });
  });

  it('finds the running process without --data-dir and says an order is found nowhere (exit 1)', async () => {
    const result = await show('order', 'nobody-1');
    expect(result.code).toBe(1);
    expect(result.out).toBe(
      [
        'order nobody-1',
        '  source table:  not there',
        '  failing:       not there',
        '  ✗ not found in the source table nor in any downstream',
      ].join('\n'),
    );
  });

  it('refuses an invalid id naming the id rule (exit 2), and so does the route it asks', async () => {
    expect(await show('order', 'a b', '--data-dir', dataDir)).toEqual({
      code: 2,
      out: '',
      err: 'outflow show: the order id must start with a letter or digit and hold only letters, digits, ".", "_", ":" or "-", got "a b"',
    });
    const response = await fetch(`${env!.api.url}/_outflow/orders/a%20b`);
    expect(response.status).toBe(400);
  });

  it('names the dead letter of an order whose change ended in a DLQ, with the reason and the queue', async () => {
    // Prepare
    const created = await fetch(`${env!.api.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        orderId: 'poison-1',
        customerId: 'c-1',
        currency: 'EUR',
        items: [{ sku: 'A', quantity: 1, unitPriceCents: 100 }],
      }),
    });
    expect(created.status).toBe(201);
    let shown: OrderComparison | undefined;
    const deadline = Date.now() + 60_000;
    while (!shown?.deadLettered['failing'] && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      shown = JSON.parse(
        (await show('order', 'poison-1', '--data-dir', dataDir, '--json')).out,
      ) as OrderComparison;
    }
    // Act
    const result = await show('order', 'poison-1', '--data-dir', dataDir);
    // Assess
    expect(result.code).toBe(0);
    const line = result.out.split('\n').find((l) => l.startsWith('  failing:'));
    expect(line).toMatch(/^ {2}failing: {7}dead-lettered: .+ \(from queue:failing\.fifo\)$/);
    expect(result.out).not.toContain('not there');
    expect(result.out).toContain('✗ failing missing a change that ended in a dead-letter queue');
  });
});
