// Done when (issue 17): with the stack `npm start` runs (startDevEnvironment), `outflow backfill`
// fills an empty downstream from the source table while live writes continue, and `outflow
// reconcile` then reports zero drift; a backfill killed half way (SIGKILL) finishes with --resume
// without starting over; a row changed behind Outflow's back is reported (exit 1) and repaired; an
// aggregate deleted from the source directly is reported as extra and repaired. Run as the real
// bin (child processes), against every subscription of the topology.
import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createClient } from '@outflow/dynamodb-local';
import { sampleOrderState } from '@outflow/orders/testing';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalLegacyDatabase } from '@outflow/prisma-legacy-projection/local';
import { startDevEnvironment, ORDERS_TABLE, type DevEnvironment } from '../dev/dev-environment';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const bin = join(__dirname, '..', '..', 'bin', 'outflow.cjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const outflow = (args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });

interface Report {
  drift: number;
  unrepaired?: number;
  targets: {
    name: string;
    counts: Record<string, number>;
    differences: { aggregateId: string; category: string; label: string }[];
  }[];
}

/** Orders written before Outflow ran (no outbox attributes: the Pipe never passes them on). */
const SEEDED = 240;

describe('E2E: outflow backfill and reconcile against npm start', () => {
  jest.setTimeout(300_000);
  const root = mkdtempSync(join(tmpdir(), 'outflow-backfill-e2e-'));
  const dataDir = join(root, 'data');
  let env: DevEnvironment;
  let dynamo: ReturnType<typeof createClient>;
  const run = Date.now().toString(36);
  const id = (n: number) => `bf-${run}-${n}`;

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${env.api.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return response.status;
  };

  /** `npm start` on the data dir (embedded PGlite, the search emulator), AWS time × 0.05. */
  const start = async () => {
    const environment = { ...process.env };
    delete environment['OPENSEARCH_URL'];
    delete environment['DATABASE_URL'];
    env = await startDevEnvironment({
      dataDir,
      port: 0,
      timeScale: 0.05,
      log: () => undefined,
      warn: () => undefined,
      env: environment,
    });
    dynamo?.destroy();
    dynamo = createClient(env.dynamo.endpoint);
  };

  beforeAll(async () => {
    await start();
    for (let n = 0; n < SEEDED; n += 1) {
      const state = { ...sampleOrderState(id(n), 2), orderId: id(n) };
      await dynamo.send(
        new PutItemCommand({
          TableName: ORDERS_TABLE,
          Item: {
            pk: { S: `order#${id(n)}` },
            sk: { S: 'AGGREGATE' },
            aggregateType: { S: 'order' },
            aggregateId: { S: id(n) },
            version: { N: '2' },
            state: { M: marshall(state) },
          },
        }),
      );
    }
    await env.runtime.waitForIdle({ timeoutMs: 60_000 });
  });
  afterAll(async () => {
    dynamo?.destroy();
    await env?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const reconcile = async (...extra: string[]) => {
    const result = await outflow([
      'reconcile',
      '--target',
      'all',
      '--data-dir',
      dataDir,
      '--json',
      '--grace',
      '1',
      ...extra,
    ]);
    return {
      ...result,
      report: result.stdout ? (JSON.parse(result.stdout) as Report) : undefined,
    };
  };

  it('reports the seeded orders as missing before any backfill (exit 1)', async () => {
    const { code, report, stderr } = await reconcile('--target', 'legacy-rdb');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(report?.targets[0]?.counts).toMatchObject({ missing: SEEDED, inSync: 0 });
  });

  it('backfills every subscription while live writes continue; killed half way, --resume finishes without starting over; reconcile finds no drift', async () => {
    const args = [
      'backfill',
      '--target',
      'all',
      '--data-dir',
      dataDir,
      '--segments',
      '3',
      '--page-size',
      '10',
      '--json',
    ];
    const checkpoint = join(
      dataDir,
      'backfill',
      `${env.topology.subscriptions.map((s) => s.name).join('+')}.json`,
    );
    // First run, slowed down, killed once a few pages are checkpointed.
    const child = spawn(process.execPath, [bin, ...args, '--rate', '40'], { cwd: repoRoot, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 60_000;
    const pagesDone = () => {
      if (!existsSync(checkpoint)) return 0;
      try {
        const saved = JSON.parse(readFileSync(checkpoint, 'utf8')) as {
          sources: Record<string, { pages: number }[]>;
        };
        return Object.values(saved.sources)
          .flat()
          .reduce((sum, s) => sum + s.pages, 0);
      } catch {
        return 0;
      }
    };
    while (pagesDone() < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await exited;
    const pagesBefore = pagesDone();
    expect(pagesBefore).toBeGreaterThanOrEqual(6);
    // Live writes go on meanwhile: new orders, and changes of seeded ones.
    const live = (async () => {
      for (let n = 0; n < 20; n += 1) {
        expect(
          await api('POST', '/orders', {
            orderId: `live-${run}-${n}`,
            customerId: 'c-live',
            currency: 'EUR',
            items: [{ sku: 'SKU-1', quantity: 1, unitPriceCents: 100 }],
          }),
        ).toBe(201);
        expect(await api('POST', `/orders/${id(n)}/ship`)).toBe(200);
      }
    })();
    const resumed = await outflow([...args, '--resume']);
    await live;
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const result = JSON.parse(resumed.stdout) as {
      pagesScanned: number;
      pagesBefore: number;
      resumed: boolean;
    };
    expect(result.resumed).toBe(true);
    expect(result.pagesBefore).toBe(pagesBefore);
    // Without starting over: the resumed run read only what the killed one had not.
    const total = Math.ceil(SEEDED / 10) + 3;
    expect(result.pagesScanned).toBeLessThan(total);
    expect(result.pagesScanned + result.pagesBefore).toBeGreaterThanOrEqual(Math.ceil(SEEDED / 10));
    expect(existsSync(checkpoint)).toBe(false);
    await env.runtime.waitForIdle({ timeoutMs: 60_000 });
    const { code, report } = await reconcile();
    expect(report?.drift).toBe(0);
    expect(code).toBe(0);
    // every subscription of the topology, with no CLI edit per downstream
    expect(report?.targets.map((t) => t.name)).toEqual(['legacy-rdb', 'search', 'views']);
    for (const target of report?.targets ?? [])
      expect(target.counts).toMatchObject({ compared: SEEDED + 20, inSync: SEEDED + 20 });
  });

  it('reports a legacy row changed behind Outflow’s back (differs) and a source item deleted directly (extra), exit 1; --repair fixes both, exit 0 afterwards', async () => {
    const changed = id(100);
    const deleted = id(101);
    // A console delete: DynamoDB removes the item, the Pipe passes no REMOVE record on.
    await dynamo.send(
      new DeleteItemCommand({
        TableName: ORDERS_TABLE,
        Key: { pk: { S: `order#${deleted}` }, sk: { S: 'AGGREGATE' } },
      }),
    );
    // An UPDATE straight on the legacy database while npm start is stopped (its PGlite admits one process).
    await env.stop();
    const legacy = await openLocalLegacyDatabase({ kind: 'pglite', dataDir: join(dataDir, 'legacy-db') });
    const updated = await legacy.sql.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE orders SET status = 'cancelled' WHERE id = $1 RETURNING id`,
      changed,
    );
    expect(updated).toEqual([{ id: changed }]);
    await legacy.close();
    await start();

    const found = await reconcile();
    expect(found.code).toBe(1);
    const byName = Object.fromEntries((found.report?.targets ?? []).map((t) => [t.name, t]));
    expect(byName['legacy-rdb']?.counts).toMatchObject({ differs: 1, extra: 1, missing: 0, stale: 0 });
    for (const other of Object.keys(byName).filter((name) => name !== 'legacy-rdb'))
      expect(byName[other]?.counts).toMatchObject({ differs: 0, extra: 1, missing: 0, stale: 0 });
    expect(byName['legacy-rdb']?.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ aggregateId: changed, category: 'differs', label: 'differs' }),
        expect.objectContaining({ aggregateId: deleted, category: 'extra' }),
      ]),
    );
    const text = await outflow([
      'reconcile',
      '--target',
      'legacy-rdb',
      '--data-dir',
      dataDir,
      '--grace',
      '0',
    ]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `order ${changed}: differs — version 2 on both sides, but other data downstream`,
    );
    expect(text.stdout).toContain('drift: 2 aggregate(s); --repair fixes them');

    const repaired = await reconcile('--repair');
    expect(repaired.stderr).toBe('');
    expect(repaired.code).toBe(0);
    expect(repaired.report?.unrepaired).toBe(0);
    await env.runtime.waitForIdle({ timeoutMs: 60_000 });
    const after = await reconcile();
    expect(after.report?.drift).toBe(0);
    expect(after.code).toBe(0);
    expect(after.report?.targets.map((t) => t.name)).toEqual(env.topology.subscriptions.map((s) => s.name));
    for (const target of after.report?.targets ?? []) expect(target.counts['compared']).toBe(SEEDED + 20 - 1);
  });
});
