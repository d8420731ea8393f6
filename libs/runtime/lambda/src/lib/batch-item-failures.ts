import { channel } from 'node:diagnostics_channel';

/**
 * Diagnostics channels on which queue handlers publish what happened to a batch. Lambda's
 * partial batch response carries only message ids; the local runtime subscribes to these to keep
 * the reason with a message it moves to a DLQ and to count outcomes for its status line.
 * On Lambda nobody subscribes and publishing costs nothing.
 */
export const BATCH_ITEM_FAILURE_CHANNEL = 'outflow:batch-item-failure';
export const BATCH_PROCESSED_CHANNEL = 'outflow:batch-processed';

export interface BatchItemFailureNotice {
  readonly messageId: string;
  readonly reason: string;
  readonly eventId?: string;
  /**
   * A permanent failure the handler could not dead-letter itself (it has no DLQ sender, as under
   * `npm start`): the local runtime moves it to the DLQ at once.
   */
  readonly permanent?: boolean;
}

export interface BatchProcessedNotice {
  readonly records: number;
  readonly applied: number;
  readonly stale: number;
  readonly duplicate: number;
  /** Failures reported in `batchItemFailures` (to be retried). */
  readonly failed: number;
  /** Permanent failures sent to the DLQ at once (acknowledged, not retried; not in `failed`). */
  readonly deadLettered?: number;
  /** Message ids in the batch, so a listener can tell its own batches apart. */
  readonly messageIds: readonly string[];
}

const failures = channel(BATCH_ITEM_FAILURE_CHANNEL);
const processed = channel(BATCH_PROCESSED_CHANNEL);

export function publishBatchItemFailure(notice: BatchItemFailureNotice): void {
  if (failures.hasSubscribers) failures.publish(notice);
}

export function publishBatchProcessed(notice: BatchProcessedNotice): void {
  if (processed.hasSubscribers) processed.publish(notice);
}
