import { OutflowError, PayloadTooLargeError } from '@outflow/core-domain';

/** DynamoDB refused or failed a read or write for a reason other than a version conflict. */
export class OutboxStoreError extends OutflowError {
  readonly code = 'OUTBOX_STORE_FAILED';
}

/**
 * A change is too large for its path, so `save` refused it before writing anything: one of its
 * DynamoDB items would exceed 400 KB, or the bus entry the Pipe would render for one of its events
 * would exceed the lowest limit between the Pipe and the downstream queues (`OUTBOX_BUS_ENTRY_MAX_BYTES`).
 * The message names the size, the limit and which one.
 */
export class OutboxChangeTooLargeError extends PayloadTooLargeError {
  override readonly code = 'OUTBOX_CHANGE_TOO_LARGE';
}
