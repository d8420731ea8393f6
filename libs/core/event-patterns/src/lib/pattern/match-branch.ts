import type { ArrayPosition, EventLeaf, FlattenedEvent } from './flatten-event';
import { matchesValue } from './match-value';
import type { FieldCondition, PatternBranch } from './pattern.types';

/** Array elements chosen so far: array id → element index. */
type Membership = ReadonlyMap<number, number>;

const consistentWith = (membership: Membership, arrays: readonly ArrayPosition[]) =>
  arrays.every(([arrayId, index]) => (membership.get(arrayId) ?? index) === index);

const extend = (membership: Membership, arrays: readonly ArrayPosition[]): Membership => {
  if (arrays.length === 0) return membership;
  const next = new Map(membership);
  for (const [arrayId, index] of arrays) next.set(arrayId, index);
  return next;
};

const NO_LEAVES: readonly EventLeaf[] = [];

/**
 * Array-consistent matching, as aws/event-ruler's ACFinder does it: the leaves that satisfy the
 * conditions must not come from different elements of the same array. Conditions are taken in
 * path order (as the ruler's state machine does) and an `exists: false` holds when no leaf of its
 * field is consistent with the elements chosen for the fields before it. Backtracks over choices.
 */
export const matchesBranch = (branch: PatternBranch, event: FlattenedEvent): boolean => {
  const satisfy = (index: number, membership: Membership): boolean => {
    if (index === branch.length) return true;
    const condition: FieldCondition = branch[index];
    const leaves = event.get(condition.path) ?? NO_LEAVES;
    for (const leaf of leaves) {
      if (
        consistentWith(membership, leaf.arrays) &&
        condition.matchers.some((matcher) => matchesValue(matcher, leaf)) &&
        satisfy(index + 1, extend(membership, leaf.arrays))
      ) {
        return true;
      }
    }
    return (
      condition.allowAbsent &&
      !leaves.some((leaf) => consistentWith(membership, leaf.arrays)) &&
      satisfy(index + 1, membership)
    );
  };
  return satisfy(0, new Map());
};
