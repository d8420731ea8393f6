import { OutflowError } from '@outflow/core-domain';

/** DynamoDB refused or failed a read or write for a reason other than a version conflict. */
export class OutboxStoreError extends OutflowError {
  readonly code = 'OUTBOX_STORE_FAILED';
}
