import { PortInUseError } from '@outflow/runtime-local';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { CliIo } from '../cli/command';
import { DataDirInUseError } from '../errors';
import { acquireDataDirLock, type DataDirLock, type LockRecord } from './data-dir-lock';
import { reapRecorded } from './processes';

/** How a user picks the API's port, as every port message names it. */
export const PORT_SETTING = '--port <n> (npm start -- --port 3001)';

/** Whether 127.0.0.1:port can be bound right now (0 always can). */
function portFree(port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolveCheck) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolveCheck(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveCheck(true)));
  });
}

/** Stops what a run that died (kill -9) left running, as recorded in its lock, and says so. */
async function reapLeftovers(previous: LockRecord, io: CliIo): Promise<void> {
  for (const child of previous.children) {
    if (await reapRecorded(child))
      io.out(
        `stopped ${child.what} (pid ${child.pid}), left running by an earlier \`npm start\` (pid ${previous.pid}) that did not stop cleanly`,
      );
  }
}

/** --reset: empties the data dir (this run's lock stays). */
function resetDataDir(dataDir: string, io: CliIo): void {
  io.out(
    `--reset: deleting ${dataDir} (DynamoDB Local tables, the subscriptions' local data, checkpoints, dead letters)`,
  );
  for (const name of readdirSync(dataDir))
    if (name !== 'dev.lock') rmSync(join(dataDir, name), { recursive: true, force: true });
}

/**
 * What `npm start` checks before it starts anything, in a few milliseconds: the data dir is not
 * used by another run (its lock; a dead run's leftovers are reaped), the API's port is free;
 * then --reset. Returns this run's lock, or undefined after printing one sentence saying why not.
 */
export async function prepareDataDir(
  options: { readonly dataDir: string; readonly port: number; readonly reset: boolean },
  io: CliIo,
): Promise<DataDirLock | undefined> {
  const existed = existsSync(options.dataDir);
  const outcome = acquireDataDirLock(options.dataDir, options.port);
  if (outcome.kind === 'held') {
    io.err(`outflow dev: ${new DataDirInUseError(options.dataDir, outcome.holder).message}`);
    return undefined;
  }
  const { lock, previous } = outcome;
  if (!(await portFree(options.port))) {
    lock.release();
    if (!existed) rmSync(options.dataDir, { recursive: true, force: true });
    io.err(`outflow dev: ${new PortInUseError(options.port, '127.0.0.1', PORT_SETTING).message}.`);
    return undefined;
  }
  if (previous) await reapLeftovers(previous, io);
  if (options.reset) resetDataDir(options.dataDir, io);
  return lock;
}
