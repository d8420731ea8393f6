import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../..');

export interface Started {
  readonly child: ChildProcess;
  readonly apiUrl: string;
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The environment `npm start` gets in tests: a free port, embedded PGlite (no DATABASE_URL). */
export function startEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OUTFLOW_PORT: '0', ...extra };
  delete env['DATABASE_URL'];
  return env;
}

/** `npm start -- --data-dir <dir> …` as a user runs it, in its own process group; resolves once it is ready. */
export async function npmStart(dataDir: string, args: readonly string[] = []): Promise<Started> {
  const child = spawn('npm', ['start', '--', '--data-dir', dataDir, ...args], {
    cwd: repoRoot,
    env: startEnv(),
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

/** Pids of processes whose command line mentions `text` (e.g. a data dir). */
const processesMentioning = (text: string): string =>
  spawnSync('pgrep', ['-f', text], { encoding: 'utf8' }).stdout.trim();

/** DynamoDB Local emulators keeping their tables in this data dir. */
export const emulatorsFor = (dataDir: string): string => processesMentioning(join(dataDir, 'dynamodb'));

/** Resolves true once no process mentions the data dir any more (within `timeoutMs`). */
export async function nothingLeft(dataDir: string, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (processesMentioning(dataDir) !== '') {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/** Ctrl-C: SIGINT to the whole process group (npm and outflow), as at a terminal. */
export async function interrupt(started: Started, dataDir: string): Promise<boolean> {
  if (started.child.exitCode === null && started.child.signalCode === null)
    process.kill(-(started.child.pid as number), 'SIGINT');
  await started.exited;
  return nothingLeft(dataDir);
}
