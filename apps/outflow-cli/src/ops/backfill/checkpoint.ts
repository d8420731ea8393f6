import type { ScanPosition } from '@outflow/dynamodb-outbox';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where one segment of one source table's scan stands. */
export interface SegmentState {
  /** The segment's `LastEvaluatedKey` after its last page whose changes were all sent. */
  next?: ScanPosition;
  done: boolean;
  /** Scan pages read so far (all runs). */
  pages: number;
  /** Aggregates read so far (all runs). */
  aggregates: number;
  /** Items read so far, outbox items included (all runs): what progress counts. */
  items: number;
}

/** A backfill's checkpoint file: enough to resume it after an interruption without starting over. */
export interface BackfillCheckpoint {
  readonly kind: 'outflow-backfill';
  readonly version: 1;
  /** The subscriptions it sends to. */
  readonly targets: readonly string[];
  /** TotalSegments: a resume must scan with the same number (a segment's key is only valid for it). */
  readonly segments: number;
  readonly startedAt: string;
  /** Per source name, one state per segment. */
  readonly sources: Record<string, SegmentState[]>;
}

/** `<stateDir>/backfill/<target>[+<target>…].json`. */
export const checkpointPath = (stateDir: string, targets: readonly string[]): string =>
  join(stateDir, 'backfill', `${targets.join('+')}.json`);

export function readCheckpoint(path: string): BackfillCheckpoint | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as BackfillCheckpoint;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(
      `cannot read the backfill checkpoint ${path}: ${(error as Error).message}; delete it to start over`,
    );
  }
}

/** Writes the checkpoint atomically (a temporary file renamed over it): a kill never leaves half a file. */
export function writeCheckpoint(path: string, checkpoint: BackfillCheckpoint): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(checkpoint, null, 2));
  renameSync(temporary, path);
}

export const removeCheckpoint = (path: string): void => rmSync(path, { force: true });
