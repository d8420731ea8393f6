import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataDir } from './create-data-dir';
import { commandLineOf, isAlive, type RecordedProcess } from './processes';

/** What the lock file (`<data dir>/dev.lock`) says about the run holding the data dir. */
export interface LockRecord {
  readonly pid: number;
  /** Its command line, so a reused pid is not taken for the holder. */
  readonly command: string;
  /** The `--port` asked for (0: a free one); `api` once it listens. */
  readonly port: number;
  readonly api?: string;
  /** ISO-8601 instant the run started. */
  readonly startedAt: string;
  /** Processes it started (DynamoDB Local's java), reaped by the next run if it dies without stopping them. */
  readonly children: readonly RecordedProcess[];
}

/** The outcome of taking the lock: ours (with the record of a dead holder, if any), or held by a live run. */
export type LockOutcome =
  | { readonly kind: 'acquired'; readonly lock: DataDirLock; readonly previous?: LockRecord }
  | { readonly kind: 'held'; readonly holder: LockRecord };

const lockPath = (dataDir: string) => join(dataDir, 'dev.lock');

function readRecord(path: string): LockRecord | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockRecord;
  } catch {
    return undefined;
  }
}

/** The holder is alive when its pid runs the command line it recorded. */
const holderAlive = (record: LockRecord) =>
  isAlive(record.pid) && (record.command === '' || commandLineOf(record.pid) === record.command);

/** Creates `path` with `record` atomically (written to a temporary file, then hard-linked): false if it exists. */
function createExclusive(path: string, record: LockRecord): boolean {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(record, null, 2));
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Moves a dead holder's lock aside; undefined when another run took it over first. */
function takeOverStale(path: string, stale: LockRecord): LockRecord | undefined {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return undefined;
  }
  const moved = readRecord(aside);
  if (moved && moved.pid === stale.pid && moved.startedAt === stale.startedAt) {
    rmSync(aside, { force: true });
    return stale;
  }
  // A live run's fresh lock was moved: put it back.
  renameSync(aside, path);
  return undefined;
}

/**
 * Takes the data dir for this process: one `npm start` per data dir. The lock file is created
 * exclusively; a lock whose holder is dead (its pid gone, or running another command) is taken
 * over and its record returned as `previous`, so the caller can reap what that run left running.
 */
export function acquireDataDirLock(dataDir: string, port: number): LockOutcome {
  createDataDir(dataDir);
  const path = lockPath(dataDir);
  const own: LockRecord = {
    pid: process.pid,
    command: commandLineOf(process.pid) ?? '',
    port,
    startedAt: new Date().toISOString(),
    children: [],
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(path, own)) return { kind: 'acquired', lock: new DataDirLock(path, own) };
    const holder = readRecord(path);
    if (holder && holderAlive(holder)) return { kind: 'held', holder };
    const previous = holder ? takeOverStale(path, holder) : (rmSync(path, { force: true }), undefined);
    if (previous && createExclusive(path, own))
      return { kind: 'acquired', lock: new DataDirLock(path, own), previous };
  }
  const holder = readRecord(path);
  if (holder) return { kind: 'held', holder };
  throw new Error(`could not take the lock ${path}; remove it if no \`npm start\` uses ${dataDir}`);
}

/** This run's hold on the data dir: records what it starts, released when it stops. */
export class DataDirLock {
  constructor(
    readonly path: string,
    private record: LockRecord,
  ) {}

  /** Adds to the record (the API's URL, a started process); rewritten atomically. */
  update(patch: { api?: string; child?: RecordedProcess; childGone?: number }): void {
    const children = this.record.children.filter((c) => c.pid !== patch.childGone);
    this.record = {
      ...this.record,
      ...(patch.api ? { api: patch.api } : {}),
      children: patch.child ? [...children, patch.child] : children,
    };
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.record, null, 2));
    renameSync(temporary, this.path);
  }

  /** Deletes the lock file if it is still this process's. */
  release(): void {
    if (readRecord(this.path)?.pid === process.pid) rmSync(this.path, { force: true });
  }
}
