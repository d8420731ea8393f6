import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DevError } from '../errors';

/** The one paragraph a data dir that cannot be used gets. */
export const dataDirNotWritable = (dataDir: string, reason: string): DevError =>
  new DevError(
    `The data directory ${dataDir} is not writable (${reason}). Outflow keeps DynamoDB Local's tables, the subscriptions' local data and the runtime's checkpoints there. Fix its permissions, or choose another directory with --data-dir <dir>.`,
  );

/**
 * Creates `dataDir` and its missing parents one at a time from the nearest existing ancestor.
 * (A recursive `mkdir` under a pseudo file system such as `/proc` retries for ever on Node 20.)
 *
 * @throws DevError naming the directory and the reason (a file in the way, no permission, …)
 */
export function createDataDir(dataDir: string): void {
  const missing: string[] = [];
  let path = resolve(dataDir);
  while (!existsSync(path) && dirname(path) !== path) {
    missing.unshift(path);
    path = dirname(path);
  }
  try {
    for (const dir of missing) mkdirSync(dir);
  } catch (error) {
    throw dataDirNotWritable(dataDir, (error as Error).message);
  }
}
