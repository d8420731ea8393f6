import {
  applied,
  decide,
  failed,
  outcomeOf,
  type ChangeOutcome,
  type Holding,
  type OutboxEvent,
} from '@outflow/core-domain';
import type { ItemResult } from './bulk-items';
import type { IndexAction } from './bulk-writer';

/** A change with the whole document it writes (a tombstone for a deletion), and its position in `apply`'s input. */
export interface Candidate {
  readonly index: number;
  readonly change: OutboxEvent;
  readonly action: IndexAction;
}

/** Writes one round's actions (at most one per aggregate) and returns one result per action. */
export type RoundWriter = (actions: readonly IndexAction[]) => Promise<readonly ItemResult[]>;

/** The held version for every settled candidate decided against it. */
export const decideAll = (holding: Holding, candidates: readonly Candidate[], outcomes: ChangeOutcome[]) => {
  for (const c of candidates) outcomes[c.index] = outcomeOf(decide(holding, c.change));
};

/**
 * Writes the candidates of one aggregate type in rounds of one bulk request each: every unsettled
 * aggregate's newest remaining candidate. Per item:
 * - written → `applied`; the aggregate's older candidates are decided against it (stale);
 * - 409 version conflict → OpenSearch holds a version ≥ the one sent, named in its reason: the
 *   candidate and the older ones are decided against that version (duplicate or stale) without
 *   their data being tried; when the reason names no version they are returned to be looked up;
 * - refused for its data (400 …) → `failed` with OpenSearch's reason, the next older candidate
 *   goes into the next round;
 * - still 429/5xx after the writer's retries → every candidate of the aggregate `failed` with
 *   that reason (its messages are retried later; an older one must not jump ahead).
 */
export async function applyCandidates(
  write: RoundWriter,
  group: readonly Candidate[],
  outcomes: ChangeOutcome[],
): Promise<Candidate[]> {
  const pending = new Map<string, Candidate[]>();
  for (const c of [...group].sort((a, b) => b.change.aggregateVersion - a.change.aggregateVersion))
    pending.set(c.change.aggregateId, [...(pending.get(c.change.aggregateId) ?? []), c]);
  const lookUp: Candidate[] = [];
  while (pending.size > 0) {
    const lists = [...pending.values()];
    const results = await write(lists.map((list) => (list[0] as Candidate).action));
    lists.forEach((list, i) => {
      const [head, ...older] = list as [Candidate, ...Candidate[]];
      const result = results[i] as ItemResult;
      pending.delete(head.change.aggregateId);
      switch (result.kind) {
        case 'written':
          outcomes[head.index] = applied;
          return decideAll(heldAfter(head.change), older, outcomes);
        case 'conflict':
          if (result.currentVersion === undefined) return void lookUp.push(head, ...older);
          return decideAll({ kind: 'present', version: result.currentVersion }, list, outcomes);
        case 'retry':
          for (const c of list) outcomes[c.index] = failed(result.reason);
          return;
        case 'refused':
          outcomes[head.index] = failed(result.reason);
          if (older.length > 0) pending.set(head.change.aggregateId, older);
      }
    });
  }
  return lookUp;
}

const heldAfter = (change: OutboxEvent): Holding => ({
  kind: change.deleted ? 'tombstone' : 'present',
  version: change.aggregateVersion,
});
