import { createClient } from '@outflow/dynamodb-local';
import { DynamoDbOutboxStore } from '@outflow/dynamodb-outbox';
import { makeEvent } from '@outflow/testing';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from '../dev/processes';
import {
  emulatorsFor,
  interrupt,
  nothingLeft,
  npmStart,
  repoRoot,
  startEnv,
  type Started,
} from '../../test/npm-start.harness';

interface Lock {
  readonly pid: number;
  readonly api?: string;
  readonly children: readonly { readonly what: string; readonly pid: number }[];
}
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** A second `npm start` run to its end: exit code, output and how long it took. */
function npmStartOnce(dataDir: string, extra: NodeJS.ProcessEnv = {}, args: readonly string[] = []) {
  const began = Date.now();
  const result = spawnSync('npm', ['start', '--', '--data-dir', dataDir, ...args], {
    cwd: repoRoot,
    env: startEnv(extra),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - began };
}

async function waitFor(started: Started, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(started.output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`never printed ${pattern}:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A change the legacy database has no mapping for: it ends in legacy-rdb's DLQ after 5 receives. */
async function writePoisonChange(dataDir: string, invoiceId: string): Promise<string> {
  const { dynamodb, table } = readJson<{ dynamodb: string; table: string }>(join(dataDir, 'dev.json'));
  const client = createClient(dynamodb);
  try {
    const event = makeEvent('invoice', invoiceId, 1, { state: { amount: 1 } });
    await new DynamoDbOutboxStore({ tableName: table, client }).save({
      aggregateType: 'invoice',
      aggregateId: invoiceId,
      expectedVersion: 0,
      state: { amount: 1 },
      events: [event],
    });
    return event.eventId;
  } finally {
    client.destroy();
  }
}

describe('E2E: npm start owns its data dir, notices a crashed emulator and reaps what a killed run left', () => {
  jest.setTimeout(240_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'outflow-lifecycle-'));
  const otherDir = mkdtempSync(join(tmpdir(), 'outflow-lifecycle-other-'));
  afterAll(() => {
    for (const dir of [dataDir, otherDir]) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second run on the data dir and a taken port at once, prints each dead letter, and stops with exit 1 when DynamoDB Local is killed', async () => {
    // AWS time × 0.01: a poison change's 5 receives take ~9 s instead of 15 minutes.
    const first = await npmStart(dataDir, ['--time-scale', '0.01']);
    const port = new URL(first.apiUrl).port;
    const lock = readJson<Lock>(join(dataDir, 'dev.lock'));
    const devJson = readFileSync(join(dataDir, 'dev.json'), 'utf8');
    try {
      // 1. A second run on the same data dir, even on another port: names the running one, exits 1, starts nothing.
      const second = npmStartOnce(dataDir, { OUTFLOW_PORT: '0' });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(
        `${dataDir} is in use by another \`npm start\` (pid ${lock.pid}, orders API ${first.apiUrl},`,
      );
      expect(second.stdout).not.toContain('starting Outflow');
      expect(emulatorsFor(dataDir).split('\n')).toHaveLength(1);
      expect(readFileSync(join(dataDir, 'dev.json'), 'utf8')).toBe(devJson);

      // 2. The API's port taken: one sentence naming the port and --port, before anything starts.
      const taken = npmStartOnce(join(otherDir, 'new'), { OUTFLOW_PORT: port });
      expect(taken.status).toBe(1);
      expect(taken.stderr.trim().split('\n')).toEqual([
        `outflow dev: port ${port} on 127.0.0.1 is already in use: stop the process holding it, or choose another port with --port <n> (npm start -- --port 3001) (0 picks a free one).`,
      ]);
      expect(taken.stdout).not.toContain('starting Outflow');
      expect(taken.ms).toBeLessThan(5_000); // npm and tsx take ~1 s of it
      expect(emulatorsFor(otherDir)).toBe('');
      expect(existsSync(join(otherDir, 'new'))).toBe(false);

      // 4. A change moved to a DLQ is printed with its subscription, order and reason.
      const eventId = await writePoisonChange(dataDir, 'inv-1');
      await waitFor(
        first,
        new RegExp(
          `dead letter: legacy-rdb \\(queue:legacy-rdb\\.fifo\\) invoice inv-1 version 1 \\(event ${eventId}\\): no legacy mapping for aggregate type "invoice" \\(known: order\\)\\n`,
        ),
      );

      // 3. DynamoDB Local killed under it: says so and stops cleanly with exit 1.
      const java = lock.children.find((c) => c.what === 'DynamoDB Local')?.pid as number;
      process.kill(java, 'SIGKILL');
      expect(await first.exited).toEqual({ code: 1, signal: null });
      expect(first.output()).toContain(
        `outflow dev: DynamoDB Local (pid ${java}) was killed by SIGKILL while Outflow was running; the stream and the orders API need it, so Outflow stopped — run \`npm start\` again.`,
      );
      expect(first.output()).toContain('stopped. `npm start` resumes from here.');
      // At most the one poll that raced the exit, instead of "polling failed, retrying" for ever.
      expect(first.output().match(/polling failed/g)?.length ?? 0).toBeLessThanOrEqual(1);
    } finally {
      await interrupt(first, dataDir);
    }
    expect(await nothingLeft(dataDir)).toBe(true);
  });

  it('after kill -9 of node, the next run stops the DynamoDB Local the killed run left, and says so', async () => {
    // Prepare: a run killed without a chance to stop its emulator.
    const killed = await npmStart(dataDir);
    const lock = readJson<Lock>(join(dataDir, 'dev.lock'));
    const java = lock.children.find((c) => c.what === 'DynamoDB Local')?.pid as number;
    process.kill(lock.pid, 'SIGKILL');
    await killed.exited;
    expect(isAlive(java)).toBe(true);
    // Act
    const next = await npmStart(dataDir);
    try {
      // Assess
      expect(next.output()).toContain(
        `stopped DynamoDB Local (pid ${java}), left running by an earlier \`npm start\` (pid ${lock.pid}) that did not stop cleanly`,
      );
      expect(isAlive(java)).toBe(false);
      expect(emulatorsFor(dataDir).split('\n')).toHaveLength(1);
    } finally {
      expect(await interrupt(next, dataDir)).toBe(true);
    }
  });
});
