// `npm start` keeps the local emulator's data in memory; the stream checkpoint persists. So that a
// restart resumes with search holding what it held, the local entry saves every order the store
// holds (through the ProjectionStore port: list, then read) on dispose and re-applies them at the
// same versions on the next start. A killed process (SIGKILL) loses the search data: run with
// `--reset`, or against OPENSEARCH_URL.
import type { ProjectionStore } from '@outflow/core-application';
import { makeSnapshotEvents, type HeldAggregate } from './held-aggregates';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Every aggregate of `aggregateType` the store holds, with its state. */
async function heldAggregates(store: ProjectionStore, aggregateType: string): Promise<HeldAggregate[]> {
  const held: HeldAggregate[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ aggregateType, limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const entry of page.items) {
      const holding = await store.read(aggregateType, entry.aggregateId);
      if (holding.kind !== 'absent') held.push({ aggregateType, aggregateId: entry.aggregateId, holding });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return held;
}

/** Writes what the store holds to `file` (JSON). */
export async function saveSnapshot(
  store: ProjectionStore,
  aggregateType: string,
  file: string,
): Promise<void> {
  const held = await heldAggregates(store, aggregateType);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(held));
}

/** Re-applies a snapshot written by {@link saveSnapshot}, if there is one; returns how many aggregates. */
export async function restoreSnapshot(store: ProjectionStore, file: string): Promise<number> {
  if (!existsSync(file)) return 0;
  const held = JSON.parse(readFileSync(file, 'utf8')) as HeldAggregate[];
  const outcomes = await store.apply(makeSnapshotEvents(held));
  const failed = outcomes.filter((o) => o.kind === 'failed');
  if (failed.length > 0)
    throw new Error(`restoring ${file}: ${failed.length} orders failed (${JSON.stringify(failed[0])})`);
  return held.length;
}
