// Issue 6's numbers: how long `npm start` (outflow dev) takes to be ready, on a first run and on
// restarts, and how long an API write takes to reach the legacy database (embedded PGlite).
import { sleep } from '@outflow/core-application';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, median, nowMs, percentile, REPO_ROOT, round } from './bench-kit';

export interface DevBenchOptions {
  /** Starts: the first on an empty data dir, the rest restarts on the same one. */
  readonly starts: number;
  /** Orders created over HTTP, one at a time, each timed until the legacy row holds it. */
  readonly writes: number;
}

interface Running {
  readonly child: ChildProcess;
  readonly apiUrl: string;
  readonly readyMs: number;
}

async function start(dataDir: string): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, OUTFLOW_PORT: '0' };
  delete env['DATABASE_URL'];
  const started = nowMs();
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'apps/outflow-cli/bin/outflow.cjs'), 'dev', '--data-dir', dataDir],
    { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const match = /orders API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
    if (match) return { child, apiUrl: match[1] as string, readyMs: nowMs() - started };
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`outflow dev did not become ready:\n${output}`);
    await sleep(10);
  }
}

async function stop(running: Running): Promise<void> {
  const exited = new Promise((r) => running.child.once('exit', r));
  running.child.kill('SIGINT');
  await exited;
}

/** POST /orders, then poll the dev process until the legacy database holds version 1. */
async function timedWrite(apiUrl: string, i: number): Promise<number> {
  const orderId = `bench-dev-${Date.now().toString(36)}-${i}`;
  const started = nowMs();
  const created = await fetch(`${apiUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      orderId,
      customerId: 'c-bench',
      currency: 'EUR',
      items: [{ sku: 'A', quantity: 1, unitPriceCents: 100 }],
    }),
  });
  if (created.status !== 201)
    throw new Error(`POST /orders answered ${created.status}: ${await created.text()}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const shown = (await (await fetch(`${apiUrl}/_outflow/orders/${orderId}`)).json()) as {
      downstreams: Record<string, { version: number } | null>;
    };
    if (shown.downstreams['legacy-rdb']?.version === 1) return nowMs() - started;
    if (Date.now() > deadline) throw new Error(`order ${orderId} never reached the legacy database`);
    await sleep(5);
  }
}

export async function devBench(options: DevBenchOptions) {
  const dataDir = mkdtempSync(join(tmpdir(), 'outflow-bench-dev-'));
  const ready: number[] = [];
  const latencies: number[] = [];
  try {
    for (let s = 0; s < options.starts; s++) {
      const running = await start(dataDir);
      ready.push(round(running.readyMs));
      process.stderr.write(
        `  start ${s + 1}/${options.starts}: ready in ${(running.readyMs / 1000).toFixed(1)} s\n`,
      );
      try {
        if (s === options.starts - 1) {
          for (let i = 0; i < options.writes; i++) latencies.push(await timedWrite(running.apiUrl, i));
        }
      } finally {
        await stop(running);
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    benchmark: 'dev',
    what: '`npm start` (outflow dev: DynamoDB Local, PGlite, local runtime, orders API) time to ready, and API write → legacy row latency',
    input: { starts: options.starts, writes: options.writes },
    readyMs: { firstRun: ready[0], restarts: ready.slice(1), restartMedian: round(median(ready.slice(1))) },
    writeToLegacyRowMs: {
      p50: round(median(latencies)),
      p90: round(percentile(latencies, 90)),
      max: round(Math.max(...latencies)),
    },
    machine: machine(),
    at: new Date().toISOString(),
  };
}
