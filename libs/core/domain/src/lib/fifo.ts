import { failed, type ChangeOutcome } from './outcome';

/**
 * A message's position in a batch: its id, for FIFO queues its message group, and optionally what
 * must stay in order inside the group (the aggregate it changes).
 */
export interface Sequenced {
  readonly messageId: string;
  readonly groupId?: string;
  /**
   * What order matters for within the group, e.g. `order#o-1`. Messages with different keys in
   * one group are independent. Without a key the whole group is one ordering unit.
   */
  readonly orderingKey?: string;
}

/**
 * Reason given to messages held back by an earlier failure in their FIFO message group.
 *
 * @internal Exported so specs can state the exact reason a held-back message gets.
 */
export const fifoShortCircuitReason = (
  failedMessageId: string,
  groupId: string,
  orderingKey?: string,
): string =>
  `not processed to avoid out-of-order delivery: message ${failedMessageId} before it ${orderingKey === undefined ? '' : `for ${orderingKey} `}in message group ${groupId} failed`;

/**
 * The FIFO rule (docs/architecture.md, rule 5): within a message group, a message after the first
 * failure that was not processed is reported failed too, so it is delivered again after the
 * failed one and never applied out of order. Messages without a group are independent. With
 * ordering keys, only later messages with the same key are held back: an EventBridge rule gives
 * all of a subscription's messages ONE group, and one bad aggregate must not hold back every other
 * one ("one bad message never blocks the rest").
 *
 * A later message that already has its own outcome keeps it: applied, stale or duplicate were
 * decided by version (the failed older change, delivered again, is stale against it), and a
 * failure keeps its own, more specific reason. Reporting a settled message failed would only
 * send it round again, and SQS counts every receive: a valid change received with a poison
 * change before it would reach `maxReceiveCount` with it and be dead-lettered with it (found by
 * the chaos suite, seed 1).
 *
 * `outcomeOf` gives each message's own outcome, or `undefined` if it has none yet. Returns the
 * outcomes that must change: each unprocessed message after a failure in its group, mapped to
 * `failed`.
 */
export function fifoShortCircuits(
  ordered: readonly Sequenced[],
  outcomeOf: (messageId: string) => ChangeOutcome | undefined,
): Map<string, ChangeOutcome> {
  const firstFailure = new Map<string, string>();
  const overrides = new Map<string, ChangeOutcome>();
  for (const { messageId, groupId, orderingKey } of ordered) {
    if (groupId === undefined) continue;
    const unit = orderingKey === undefined ? groupId : `${groupId}\u0000${orderingKey}`;
    const blocker = firstFailure.get(unit);
    const own = outcomeOf(messageId);
    if (blocker !== undefined) {
      if (own === undefined)
        overrides.set(messageId, failed(fifoShortCircuitReason(blocker, groupId, orderingKey)));
    } else if (own?.kind === 'failed') {
      firstFailure.set(unit, messageId);
    }
  }
  return overrides;
}
