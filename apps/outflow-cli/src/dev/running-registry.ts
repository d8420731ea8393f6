import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One running `npm start`, as `outflow show` finds it. */
export interface RunningDev {
  readonly pid: number;
  /** Absolute path of its data dir (`--data-dir`). */
  readonly dataDir: string;
  /** The repository it runs from: only `outflow` of the same checkout looks at it. */
  readonly repoRoot: string;
}

/**
 * Where running `npm start`s register: `<os tmpdir>/outflow-running/<pid>.json`, one small file
 * each, removed on stop (and ignored, then removed, once its process is gone).
 * `OUTFLOW_RUNNING_DIR` overrides it (tests).
 */
const registryDir = (): string => process.env['OUTFLOW_RUNNING_DIR'] ?? join(tmpdir(), 'outflow-running');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Registers this process as running on `dataDir` (removing registrations of processes that are
 * gone, e.g. killed with SIGKILL); returns what unregisters it, which also removes the registry
 * folder once no `npm start` is left in it.
 */
export function registerRunning(dataDir: string, repoRoot: string): () => void {
  const dir = registryDir();
  mkdirSync(dir, { recursive: true });
  listRunning(repoRoot);
  const file = join(dir, `${process.pid}.json`);
  const entry: RunningDev = { pid: process.pid, dataDir, repoRoot };
  writeFileSync(file, JSON.stringify(entry));
  return () => {
    rmSync(file, { force: true });
    try {
      rmdirSync(dir);
    } catch {
      // Another npm start is registered there (or it is already gone): keep it.
    }
  };
}

/** The `npm start`s running from `repoRoot`, by their registrations (stale ones are removed). */
export function listRunning(repoRoot: string): RunningDev[] {
  const dir = registryDir();
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    try {
      const entry = JSON.parse(readFileSync(join(dir, name), 'utf8')) as RunningDev;
      // Every registration of a process that is gone is removed, whatever checkout it names.
      if (!alive(entry.pid)) {
        rmSync(join(dir, name), { force: true });
        return [];
      }
      return entry.repoRoot === repoRoot ? [entry] : [];
    } catch {
      return [];
    }
  });
}
