import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbThrottle } from './dynamodb-throttle';

describe('Class: DynamoDbThrottle', () => {
  it('answers every request of an instrumented client with a throttling error for a while, retried by the SDK first', async () => {
    // Prepare: nothing listens at the endpoint; during the window no request reaches it.
    const client = new DynamoDBClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 2,
    });
    const throttle = new DynamoDbThrottle();
    throttle.instrument(client);
    throttle.throttleFor(60_000);

    // Act
    const error = (await client.send(new ListTablesCommand({})).then(
      () => new Error('not throttled'),
      (e: unknown) => e,
    )) as Error;

    // Assess: the SDK's standard retries saw throttling errors (2 attempts), then gave up with one.
    expect(['ProvisionedThroughputExceededException', 'ThrottlingException']).toContain(error.name);
    expect(throttle.injected).toBe(2);
    expect(throttle.clients).toBe(1);
    client.destroy();
  }, 30_000);
});
