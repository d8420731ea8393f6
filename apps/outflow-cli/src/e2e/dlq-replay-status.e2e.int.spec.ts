// Issue 18's operator commands against a running stack (the dev environment `npm start` runs, in
// this process, on a PostgreSQL test database of its own): a poison change fixed in place (the
// legacy columns widened by a migration) and redriven from the consumer queue's DLQ lands; a rule
// target's dead letter is re-sent to the entry queue and lands; a replay onto the healthy
// downstream changes nothing, onto a wiped one restores it; status prints what the README shows.
import { toBusEventDetail } from '@outflow/core-domain';
import { sampleOrderState } from '@outflow/orders/testing';
import { makeEvent } from '@outflow/testing';
import { outflowTopology, type OutflowTopology } from '@outflow/topology';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { controlClientFor } from '../control/control-client';
import { startDevEnvironment, type DevEnvironment } from '../dev/dev-environment';
import { main } from '../main';

const serverUrl = process.env['DATABASE_URL'];

/** legacy-rdb only, its rule retrying once (AWS: 185 times over a day) so a refused delivery dead-letters at once. */
const legacyRdb = outflowTopology.subscriptions.find((s) => s.name === 'legacy-rdb')!;
const topology: OutflowTopology = {
  ...outflowTopology,
  subscriptions: [{ ...legacyRdb, rule: { ...legacyRdb.rule, maximumRetryAttempts: 1 } }],
};

/** AWS time × 0.01: visibility 180 s → 1.8 s (a poison change's 5 receives ≈ 9 s), FIFO deduplication 5 min → 3 s. */
const TIME_SCALE = 0.01;
const DEDUPLICATION_WINDOW_MS = 300_000 * TIME_SCALE;

(serverUrl ? describe : describe.skip)(
  `outflow dlq, replay and status on a running stack${serverUrl ? '' : ' (skipped: DATABASE_URL not set — run with DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres)'}`,
  () => {
    jest.setTimeout(120_000);
    const name = `outflow_ops18_${process.pid}`;
    const url = new URL(serverUrl ?? 'postgresql://localhost/x');
    url.pathname = `/${name}`;
    const root = mkdtempSync(join(tmpdir(), 'outflow-ops18-'));
    const dataDir = join(root, 'data');
    const faults = { refuseDelivery: false };
    let env: DevEnvironment;
    const started = new Date(Date.now() - 1000);

    const sql = async (text: string, connectionString = url.toString()) => {
      const client = new Client({ connectionString });
      await client.connect();
      return client.query(text).finally(() => client.end());
    };
    const cli = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main([...args, '--data-dir', dataDir], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const depthOf = async (dlq: string) => {
      const listed = await cli('dlq', 'list', '--target', 'legacy-rdb', '--json');
      const queues = (JSON.parse(listed.out) as { deadLetterQueues: { name: string; depth: number }[] })
        .deadLetterQueues;
      return queues.find((q) => q.name === dlq)?.depth;
    };
    const until = async (check: () => Promise<boolean>, what: string) => {
      const deadline = Date.now() + 60_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const legacyRow = async (id: string) =>
      (await sql(`SELECT id, total_amount::text AS total FROM orders WHERE id = '${id}'`)).rows[0] as
        { id: string; total: string } | undefined;

    beforeAll(async () => {
      await sql(`CREATE DATABASE ${name}`, serverUrl);
      const environment: Record<string, string | undefined> = {
        ...process.env,
        DATABASE_URL: url.toString(),
      };
      delete environment['OPENSEARCH_URL'];
      env = await startDevEnvironment({
        dataDir,
        port: 0,
        timeScale: TIME_SCALE,
        topology,
        log: () => undefined,
        warn: () => undefined,
        env: environment,
        faults: {
          bus: {
            failDelivery: () =>
              faults.refuseDelivery ? 'AccessDenied: the queue policy denies the rule' : undefined,
          },
        },
      });
    });
    afterAll(async () => {
      await env?.stop();
      await sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, serverUrl);
      rmSync(root, { recursive: true, force: true });
    });

    it('a poison change ends in the consumer queue’s DLQ; fixed in place by a migration and redriven, it lands', async () => {
      // Prepare: this legacy database's customer_id is narrower than the schema Outflow knows
      // (VARCHAR(8), not VARCHAR(64)), so a longer customer id fails in the database itself.
      await sql('ALTER TABLE orders ALTER COLUMN customer_id TYPE VARCHAR(8)');
      const state = { ...sampleOrderState('poison-1', 1), customerId: 'customer-with-a-long-id' };
      const detail = toBusEventDetail(makeEvent('order', 'poison-1', 1, { state }));
      await controlClientFor(dataDir).sendToEntryQueue('legacy-rdb', [JSON.stringify(detail)]);
      await until(async () => (await depthOf('legacy-rdb-dlq.fifo')) === 1, 'the poison change in its DLQ');

      // Act 1: show it
      const shown = await cli('dlq', 'show', '--target', 'legacy-rdb', '--queue', 'legacy-rdb-dlq.fifo');
      expect(shown.code).toBe(0);
      expect(shown.out).toContain('legacy-rdb-dlq.fifo (DLQ of the queue legacy-rdb.fifo): 1 message(s)');
      expect(shown.out).toMatch(
        /from the DLQ of the queue legacy-rdb\.fifo, dead-lettered \S+, received 5 times/,
      );
      expect(shown.out).toMatch(/reason: .*too long/);
      expect(shown.out).toContain('change: order poison-1 version 1');

      // Act 2: the fix in place (a migration widening the legacy column), then the redrive.
      await sql('ALTER TABLE orders ALTER COLUMN customer_id TYPE VARCHAR(64)');
      const redriven = await cli(
        'dlq',
        'redrive',
        '--target',
        'legacy-rdb',
        '--queue',
        'legacy-rdb-dlq.fifo',
      );
      await until(async () => (await legacyRow('poison-1')) !== undefined, 'the redriven change to land');

      // Assess
      expect(redriven).toMatchObject({ code: 0 });
      expect(redriven.out).toBe(
        'legacy-rdb-dlq.fifo: 1 message(s) → legacy-rdb.fifo (StartMessageMoveTask back to the source queue (new message ids; a FIFO message keeps its group))',
      );
      expect(await legacyRow('poison-1')).toEqual({ id: 'poison-1', total: expect.any(String) });
      expect(await depthOf('legacy-rdb-dlq.fifo')).toBe(0);
    });

    it('a rule target’s dead letter (EventBridge error attributes) is re-sent to the entry queue and lands', async () => {
      faults.refuseDelivery = true;
      const order = {
        orderId: 'rule-1',
        customerId: 'c-1',
        currency: 'EUR',
        items: [{ sku: 'BOOK-42', quantity: 2, unitPriceCents: 1999 }],
      };
      const created = await fetch(`${env.api.url}/orders`, {
        method: 'POST',
        body: JSON.stringify(order),
        headers: { 'content-type': 'application/json' },
      });
      expect(created.status).toBe(201);
      await until(
        async () => (await depthOf('legacy-rdb-rule-dlq')) === 1,
        'the refused event in the rule DLQ',
      );
      faults.refuseDelivery = false;

      const shown = await cli(
        'dlq',
        'show',
        '--target',
        'legacy-rdb',
        '--queue',
        'legacy-rdb-rule-dlq',
        '--json',
      );
      const [message] = (
        JSON.parse(shown.out) as {
          deadLetterQueues: {
            kind: string;
            messages: { attributes: Record<string, string>; changes: unknown[] }[];
          }[];
        }
      ).deadLetterQueues[0]!.messages;
      expect(message?.attributes).toMatchObject({
        ERROR_MESSAGE: 'AccessDenied: the queue policy denies the rule',
        RETRY_ATTEMPTS: '1',
      });
      expect(message?.changes).toEqual([{ aggregateType: 'order', aggregateId: 'rule-1', version: 1 }]);

      const redriven = await cli('dlq', 'redrive', '--target', 'legacy-rdb');
      await until(async () => (await legacyRow('rule-1')) !== undefined, 'the re-sent event to land');

      expect(redriven.code).toBe(0);
      expect(redriven.out).toBe(
        "legacy-rdb-rule-dlq: 1 message(s) → legacy-rdb-buffer (read, each event's detail re-sent to the entry queue, deleted)",
      );
      expect(await legacyRow('rule-1')).toEqual({ id: 'rule-1', total: '39.98' });
    });

    it('a replay onto the healthy downstream changes nothing; onto a wiped one it restores it', async () => {
      await env.runtime.waitForIdle({ timeoutMs: 30_000 });
      // Past the FIFO deduplication window of the original deliveries (else SQS drops the replayed ones).
      await new Promise((r) => setTimeout(r, DEDUPLICATION_WINDOW_MS + 500));
      const window = ['--from', started.toISOString(), '--to', new Date().toISOString()];

      const healthy = await cli('replay', '--target', 'legacy-rdb', ...window, '--json');
      const [onHealthy] = (JSON.parse(healthy.out) as { replays: Record<string, number>[] }).replays;
      expect(healthy.code).toBe(0);
      expect(onHealthy).toMatchObject({ replayed: 1, applied: 0 });
      expect(onHealthy!['duplicate']! + onHealthy!['stale']!).toBe(1);

      await sql(
        'DELETE FROM order_items; DELETE FROM orders; DELETE FROM outflow_applied_events; DELETE FROM outflow_projection_versions',
      );
      await new Promise((r) => setTimeout(r, DEDUPLICATION_WINDOW_MS + 500));
      const wiped = await cli('replay', '--target', 'legacy-rdb', ...window);

      expect(wiped.code).toBe(0);
      expect(wiped.out).toMatch(
        /^legacy-rdb: replayed 1 of 1 archived events in the window \(replay-legacy-rdb-\d+\) → applied 1 · duplicate 0 · stale 0 · failed tries 0$/,
      );
      expect(await legacyRow('rule-1')).toEqual({ id: 'rule-1', total: '39.98' });
    });

    it('status prints each source and subscription as the README shows', async () => {
      const status = await cli('status', '--target', 'legacy-rdb');
      expect(status.code).toBe(0);
      const lines = status.out.split('\n');
      expect(lines[0]).toMatch(
        new RegExp(`^outflow status — the npm start on ${dataDir} \\(pid ${process.pid}\\), at \\S+Z$`),
      );
      expect(lines[1]).toMatch(
        /^source orders: read \d+ · to bus \d+ · filtered out \d+ · Pipe DLQ orders-pipe-dlq 0$/,
      );
      expect(lines[2]).toMatch(
        /^legacy-rdb \(per-aggregate\): lag \d+\.\d s · legacy-rdb-buffer 0 · legacy-rdb\.fifo 0 · in flight 0\/2 batches · DLQs legacy-rdb-dlq\.fifo 0, legacy-rdb-buffer-dlq 0, legacy-rdb-rule-dlq 0 · last error: none$/,
      );
      const json = JSON.parse((await cli('status', '--target', 'legacy-rdb', '--json')).out) as {
        subscriptions: { subscription: string }[];
      };
      expect(json.subscriptions.map((s) => s.subscription)).toEqual(['legacy-rdb']);
    });

    it('answers bad usage with exit 2 and the usage', async () => {
      expect(await cli('dlq', 'purge', '--target', 'legacy-rdb')).toMatchObject({
        code: 2,
        err: expect.stringContaining('outflow dlq: unknown action "purge": use list, show or redrive'),
      });
      expect(await cli('replay', '--target', 'legacy-rdb', '--from', 'yesterday')).toMatchObject({
        code: 2,
        err: expect.stringContaining(
          'outflow replay: --from must be an ISO-8601 time such as 2026-11-30T08:00:00Z, got "yesterday"',
        ),
      });
      expect(await cli('dlq', 'show', '--target', 'legacy-rdb', '--queue', 'nope')).toMatchObject({
        code: 1,
        err: expect.stringContaining('--queue nope is not a DLQ of legacy-rdb'),
      });
    });
  },
);
