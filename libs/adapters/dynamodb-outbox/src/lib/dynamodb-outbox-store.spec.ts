import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  DynamoDBServiceException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { makeEvent } from '@outflow/testing';
import { DynamoDbOutboxStore } from './dynamodb-outbox-store';

/** SDK stubs only to exercise how vendor errors are translated at the edge. */
function storeFailingWith(error: unknown): DynamoDbOutboxStore {
  const client = new DynamoDBClient({
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  jest.spyOn(client, 'send').mockImplementation(() => Promise.reject(error));
  return new DynamoDbOutboxStore({ tableName: 'orders', client });
}
const meta = { $metadata: {} };
const change = (events = 1) => ({
  aggregateType: 'order',
  aggregateId: 'o-1',
  expectedVersion: 0,
  state: { n: 1 },
  events: Array.from({ length: events }, (_, i) =>
    makeEvent('order', 'o-1', 1, { state: { n: 1 } }, `e${i}`),
  ),
});

describe('Class: DynamoDbOutboxStore error translation', () => {
  it('turns a failed condition into ConcurrencyError', async () => {
    const store = storeFailingWith(
      new ConditionalCheckFailedException({ message: 'The conditional request failed', ...meta }),
    );
    await expect(store.save(change())).rejects.toMatchObject({
      name: 'ConcurrencyError',
      code: 'CONCURRENCY_CONFLICT',
      aggregateId: 'o-1',
    });
  });

  it('turns a transaction cancelled by the aggregate condition into ConcurrencyError', async () => {
    const cancelled = new TransactionCanceledException({
      message: 'cancelled',
      ...meta,
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
    });
    await expect(storeFailingWith(cancelled).save(change(2))).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
    });
  });

  it('names the item and reason of a transaction cancelled for another reason', async () => {
    const cancelled = new TransactionCanceledException({
      message: 'cancelled',
      ...meta,
      CancellationReasons: [{ Code: 'None' }, { Code: 'ValidationError', Message: 'bad' }],
    });
    await expect(storeFailingWith(cancelled).save(change(2))).rejects.toThrow(
      'writing order o-1 to orders was cancelled: aggregate: None, outbox item 0: ValidationError (bad)',
    );
  });

  it('turns an item that is too large into a ValidationError on state', async () => {
    const tooLarge = new DynamoDBServiceException({
      name: 'ValidationException',
      $fault: 'client',
      message: 'Item size has exceeded the maximum allowed size',
      ...meta,
    });
    await expect(storeFailingWith(tooLarge).save(change())).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'state' }],
    });
  });

  it('wraps any other failure in OutboxStoreError keeping the cause', async () => {
    const throttled = new DynamoDBServiceException({
      name: 'ProvisionedThroughputExceededException',
      $fault: 'client',
      message: 'slow down',
      ...meta,
    });
    const error = await storeFailingWith(throttled)
      .save(change())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'OutboxStoreError', code: 'OUTBOX_STORE_FAILED', cause: throttled });
    expect((error as Error).message).toBe(
      'writing order o-1 to orders failed: ProvisionedThroughputExceededException: slow down',
    );
    await expect(storeFailingWith(throttled).load('order', 'o-1')).rejects.toThrow(
      'reading order o-1 from orders failed: slow down',
    );
  });

  it('names a missing table name', () => {
    expect(() => new DynamoDbOutboxStore({ tableName: '', client: new DynamoDBClient({}) })).toThrow(
      'DynamoDbOutboxStore options is invalid: tableName: is required',
    );
  });
});
