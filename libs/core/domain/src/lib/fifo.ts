import { failed, type ChangeOutcome } from './outcome';

/** A message's position in a batch: its id and, for FIFO queues, its message group. */
export interface Sequenced {
  readonly messageId: string;
  readonly groupId?: string;
}

/** Reason given to messages held back by an earlier failure in their FIFO message group. */
export const fifoShortCircuitReason = (failedMessageId: string, groupId: string): string =>
  `not processed to avoid out-of-order delivery: message ${failedMessageId} before it in message group ${groupId} failed`;

/**
 * The FIFO rule (ARCHITECTURE.md, rule 5): within a message group, every message after the
 * first failure is reported failed too, so it is delivered again after the failed one and never
 * applied out of order. Messages without a group are independent.
 *
 * `outcomeOf` gives each message's own outcome, or `undefined` if it has none yet. Returns the
 * outcomes that must change: each message after a failure in its group, mapped to `failed`.
 */
export function fifoShortCircuits(
  ordered: readonly Sequenced[],
  outcomeOf: (messageId: string) => ChangeOutcome | undefined,
): Map<string, ChangeOutcome> {
  const firstFailure = new Map<string, string>();
  const overrides = new Map<string, ChangeOutcome>();
  for (const { messageId, groupId } of ordered) {
    if (groupId === undefined) continue;
    const blocker = firstFailure.get(groupId);
    if (blocker !== undefined) {
      overrides.set(messageId, failed(fifoShortCircuitReason(blocker, groupId)));
    } else if (outcomeOf(messageId)?.kind === 'failed') {
      firstFailure.set(groupId, messageId);
    }
  }
  return overrides;
}
