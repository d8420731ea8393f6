import { OutflowError } from '@outflow/core-domain';

/**
 * DynamoDB could not be reached, or kept answering TransactionConflict / throttling after the
 * retries: not the data's fault, so every message of the batch is retried.
 */
export class DynamoDbViewsUnavailableError extends OutflowError {
  readonly code = 'DYNAMODB_VIEWS_UNAVAILABLE';
}
