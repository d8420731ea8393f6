import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readRunning } from '../commands/dev.command';
import { devFiles } from './dev-files';
import { listRunning } from './running-registry';

/**
 * The data dir `outflow show` looks in: `--data-dir` (`flag`); else `defaultDir` when an `npm start`
 * runs there; else the one `npm start` of `repoRoot` running elsewhere; else `defaultDir` when it
 * holds data.
 *
 * @throws Error naming what was looked at and what to pass (none found, or several running)
 */
export function locateDataDir(flag: string | undefined, defaultDir: string, repoRoot: string): string {
  if (flag !== undefined) return resolve(flag);
  if (readRunning(defaultDir)) return defaultDir;
  const running = listRunning(repoRoot);
  if (running.length === 1 && running[0]) return running[0].dataDir;
  if (running.length > 1)
    throw new Error(
      `several \`npm start\` run from this checkout: pass one of ${running.map((r) => `--data-dir ${r.dataDir}`).join(', ')}`,
    );
  if (existsSync(devFiles(defaultDir).dynamodb)) return defaultDir;
  throw new Error(
    `no \`npm start\` found in ${defaultDir} (none runs, and it holds no data); if it runs with --data-dir <dir>, pass the same --data-dir`,
  );
}
