import { closeSharedPglites, openLocalLegacyDatabase } from '@outflow/prisma-legacy-projection/local';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../../..');

interface Started {
  readonly child: ChildProcess;
  readonly apiUrl: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm start` as a user runs it, in its own process group (what Ctrl-C signals at a terminal). */
async function npmStart(dataDir: string): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, OUTFLOW_PORT: '0' };
  delete env['DATABASE_URL']; // the default: embedded PGlite in the data dir
  const child = spawn('npm', ['start', '--', '--data-dir', dataDir], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const deadline = Date.now() + 90_000;
  for (;;) {
    const match = /orders API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
    if (match) return { child, apiUrl: match[1] as string, output: () => output, exited };
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`npm start did not become ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Ctrl-C: SIGINT to the whole process group (npm and outflow). npm itself ends by the signal, as
 * at a terminal; outflow must shut down cleanly. Resolves true once nothing of this run is left.
 */
async function interrupt(started: Started, dataDir: string): Promise<boolean> {
  process.kill(-(started.child.pid as number), 'SIGINT');
  const npm = await started.exited;
  expect(npm.code === 0 || npm.signal === 'SIGINT').toBe(true);
  for (let i = 0; i < 300; i++) {
    if (
      spawnSync('pgrep', ['-f', dataDir], { encoding: 'utf8' }).stdout.trim() === '' &&
      started.output().includes('stopped.')
    )
      return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

const emulatorsFor = (dataDir: string) =>
  spawnSync('pgrep', ['-f', join(dataDir, 'dynamodb')], { encoding: 'utf8' }).stdout.trim();

async function waitForLegacyVersion(apiUrl: string, orderId: string, version: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const shown = (await (await fetch(`${apiUrl}/_outflow/orders/${orderId}`)).json()) as {
      downstreams: Record<string, { version: number } | null>;
      agree: boolean;
    };
    if (shown.downstreams['legacy-rdb']?.version === version && shown.agree) return;
    if (Date.now() > deadline)
      throw new Error(
        `legacy database never reached version ${version} of ${orderId}: ${JSON.stringify(shown)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function legacyCounts(
  dataDir: string,
): Promise<{ markers: string[]; versions: Record<string, number>; tombstones: Record<string, number> }> {
  const db = await openLocalLegacyDatabase({ kind: 'pglite', dataDir: join(dataDir, 'legacy-db') });
  try {
    const markers = await db.sql.$queryRawUnsafe<{ event_id: string }[]>(
      `SELECT event_id FROM outflow_applied_events ORDER BY event_id`,
    );
    const versions = await db.sql.$queryRawUnsafe<{ id: string; version: number }[]>(
      `SELECT o.id, v.version::int AS version FROM orders o JOIN outflow_projection_versions v ON v.aggregate_id = o.id ORDER BY o.id`,
    );
    const tombstones = await db.sql.$queryRawUnsafe<{ id: string; version: number }[]>(
      `SELECT aggregate_id AS id, version::int AS version FROM outflow_projection_versions WHERE deleted ORDER BY aggregate_id`,
    );
    return {
      markers: markers.map((m) => m.event_id),
      versions: Object.fromEntries(versions.map((v) => [v.id, v.version])),
      tombstones: Object.fromEntries(tombstones.map((v) => [v.id, v.version])),
    };
  } finally {
    await db.close();
    await closeSharedPglites();
  }
}

describe('E2E: npm start, as a user runs it', () => {
  jest.setTimeout(240_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'outflow-npm-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves the API, lands a confirmed order in the legacy database, stops cleanly and resumes without re-applying', async () => {
    // First run: seeds the demo orders; create and confirm an order over HTTP.
    const first = await npmStart(dataDir);
    const created = await fetch(`${first.apiUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        orderId: 'e2e-1',
        customerId: 'c-1',
        currency: 'EUR',
        items: [{ sku: 'A', quantity: 2, unitPriceCents: 750 }],
      }),
    });
    expect(created.status).toBe(201);
    expect((await fetch(`${first.apiUrl}/orders/e2e-1/confirm`, { method: 'POST' })).status).toBe(200);
    await waitForLegacyVersion(first.apiUrl, 'e2e-1', 2);
    await waitForLegacyVersion(first.apiUrl, 'demo-1', 2);
    expect(await interrupt(first, dataDir)).toBe(true);
    expect(first.output()).toContain('stopped. `npm start` resumes from here.');
    expect(emulatorsFor(dataDir)).toBe('');
    const before = await legacyCounts(dataDir);
    const seeded = readFileSync(join(dataDir, 'seeded.json'), 'utf8');
    // 3 demo orders (demo-1 confirmed) and e2e-1 confirmed. A create and its confirm read in one
    // batch apply as one change (the newest state), so there is a marker per applied change: 4–6.
    expect(before.versions).toEqual({ 'demo-1': 2, 'demo-2': 1, 'demo-3': 1, 'e2e-1': 2 });
    expect(before.markers.length).toBeGreaterThanOrEqual(4);
    expect(before.markers.length).toBeLessThanOrEqual(6);

    // Second run: data still there, nothing re-applied, demo data not seeded again.
    const second = await npmStart(dataDir);
    expect(second.output()).not.toContain('seeded demo orders');
    await waitForLegacyVersion(second.apiUrl, 'e2e-1', 2);
    await new Promise((r) => setTimeout(r, 1500)); // let the runtime poll the stream from its checkpoint
    expect(second.output()).not.toMatch(/changes read [1-9]/);
    expect(await interrupt(second, dataDir)).toBe(true);
    expect(emulatorsFor(dataDir)).toBe('');
    expect(await legacyCounts(dataDir)).toEqual(before);
    expect(readFileSync(join(dataDir, 'seeded.json'), 'utf8')).toBe(seeded);
  });

  it('DELETE /orders/{id}: the legacy row disappears and `outflow show order` reports the order deleted on both sides', async () => {
    // Prepare
    const started = await npmStart(dataDir);
    try {
      const post = (path: string, payload?: unknown, method = 'POST') =>
        fetch(`${started.apiUrl}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
        });
      const order = {
        orderId: 'e2e-del',
        customerId: 'c-1',
        currency: 'EUR',
        items: [{ sku: 'A', quantity: 1, unitPriceCents: 5 }],
      };
      expect((await post('/orders', order)).status).toBe(201);
      await waitForLegacyVersion(started.apiUrl, 'e2e-del', 1);
      // Act
      const deleted = await post('/orders/e2e-del', undefined, 'DELETE');
      await waitForLegacyVersion(started.apiUrl, 'e2e-del', 2);
      const shown = spawnSync(
        process.execPath,
        [
          join(repoRoot, 'apps/outflow-cli/bin/outflow.cjs'),
          'show',
          'order',
          'e2e-del',
          '--data-dir',
          dataDir,
        ],
        { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
      );
      // Assess
      expect(deleted.status).toBe(200);
      expect(await deleted.json()).toEqual({ orderId: 'e2e-del', deleted: true, version: 2 });
      expect([shown.status, shown.stderr]).toEqual([0, '']);
      expect(shown.stdout).toMatch(/source table:\s+deleted at version 2/);
      expect(shown.stdout).toMatch(/legacy-rdb:\s+deleted at version 2/);
      expect(shown.stdout).toContain('✓ they agree');
      expect((await post('/orders/e2e-del', undefined, 'DELETE')).status).toBe(410);
      expect((await post('/orders', order)).status).toBe(409);
    } finally {
      expect(await interrupt(started, dataDir)).toBe(true);
    }
    // The legacy row is gone; the tombstone keeps its version.
    const after = await legacyCounts(dataDir);
    expect([after.versions['e2e-del'], after.tombstones]).toEqual([undefined, { 'e2e-del': 2 }]);
  });
});
