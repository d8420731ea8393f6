import type { LegacyMapping, LegacyRows } from '@outflow/core-application';
import {
  applied,
  decide,
  failed,
  outcomeOf,
  type ChangeOutcome,
  type OutboxEvent,
} from '@outflow/core-domain';
import { isDataError, refusalReason, sqlStateOf } from './database-errors';
import { LegacyDatabaseError } from './errors';
import { buildWriteStatement } from './sql/write-statement';

/** A change mapped to its rows (none for a deletion), and its position in `apply`'s input. */
export interface Candidate {
  readonly index: number;
  readonly change: OutboxEvent;
  readonly rows?: LegacyRows;
}

/** Runs one parameterised statement and returns its rows. */
export type SqlRunner = <T>(statement: { sql: string; values: unknown[] }) => Promise<T[]>;

type RoundResult =
  { readonly kind: 'written' | 'held' } | { readonly kind: 'refused'; readonly reason: string };

/**
 * Writes the candidates of one aggregate type, in rounds of one statement each: every unsettled
 * aggregate's newest remaining candidate. A candidate the database refuses for its data fails
 * with the database's reason and the aggregate's next older one goes into the next round; a
 * written one is applied and the aggregate's older ones are stale at its version. Fills
 * `outcomes` and returns the candidates to classify against what is held (the guard held back
 * the aggregate's newest candidate: the rest of its candidates are decided with it).
 *
 * @throws LegacyDatabaseError for any error that is not the data's (SQLSTATE classes other than
 * 22 and 23: connection 08, resources 53, operator intervention 57; no SQLSTATE at all).
 */
export async function applyCandidates(
  run: SqlRunner,
  mapping: LegacyMapping,
  group: readonly Candidate[],
  outcomes: ChangeOutcome[],
): Promise<Candidate[]> {
  const pending = new Map<string, Candidate[]>();
  for (const c of [...group].sort((a, b) => b.change.aggregateVersion - a.change.aggregateVersion)) {
    pending.set(c.change.aggregateId, [...(pending.get(c.change.aggregateId) ?? []), c]);
  }
  const heldBack: Candidate[] = [];
  while (pending.size > 0) {
    const lists = [...pending.values()];
    const results = await writeRound(
      run,
      mapping,
      lists.map((list) => list[0] as Candidate),
    );
    lists.forEach((list, i) => {
      const [head, ...older] = list as [Candidate, ...Candidate[]];
      const result = results[i] as RoundResult;
      if (result.kind === 'refused') {
        outcomes[head.index] = failed(result.reason);
        if (older.length > 0) pending.set(head.change.aggregateId, older);
        else pending.delete(head.change.aggregateId);
        return;
      }
      pending.delete(head.change.aggregateId);
      if (result.kind === 'held') return void heldBack.push(head, ...older);
      outcomes[head.index] = applied;
      const now = {
        kind: head.change.deleted ? 'tombstone' : 'present',
        version: head.change.aggregateVersion,
      } as const;
      for (const c of older) outcomes[c.index] = outcomeOf(decide(now, c.change));
    });
  }
  return heldBack;
}

/** One statement for all `heads`; on a data error, one statement per head, so only the refused fail. */
async function writeRound(
  run: SqlRunner,
  mapping: LegacyMapping,
  heads: readonly Candidate[],
): Promise<RoundResult[]> {
  try {
    return await writeAll(run, mapping, heads);
  } catch (error) {
    if (!isDataError(error)) throw unavailable(error);
    if (heads.length === 1) return [{ kind: 'refused', reason: refusalReason(error) }];
  }
  const results: RoundResult[] = [];
  for (const head of heads) {
    try {
      results.push(...(await writeAll(run, mapping, [head])));
    } catch (single) {
      if (!isDataError(single)) throw unavailable(single);
      results.push({ kind: 'refused', reason: refusalReason(single) });
    }
  }
  return results;
}

/** One guarded statement for `unit` (at most one change per aggregate): written or held back. */
async function writeAll(
  run: SqlRunner,
  mapping: LegacyMapping,
  unit: readonly Candidate[],
): Promise<RoundResult[]> {
  const statement = buildWriteStatement(
    mapping,
    unit.map((c) => ({
      aggregateId: c.change.aggregateId,
      eventId: c.change.eventId,
      version: c.change.aggregateVersion,
      rows: c.rows,
    })),
  );
  const written = new Set((await run<{ aggregate_id: string }>(statement)).map((r) => r.aggregate_id));
  return unit.map((c) => ({ kind: written.has(c.change.aggregateId) ? 'written' : 'held' }));
}

/** A database failure that is not the data's: the whole batch (or command) fails, to be retried. */
export function unavailable(error: unknown, what = 'apply the batch'): LegacyDatabaseError {
  const state = sqlStateOf(error);
  const reason = state
    ? `${state.message} (SQLSTATE ${state.code})`
    : error instanceof Error
      ? error.message.trim().split('\n').pop()
      : String(error);
  return new LegacyDatabaseError(`the legacy database could not ${what}: ${reason}`, {
    cause: error,
  });
}
