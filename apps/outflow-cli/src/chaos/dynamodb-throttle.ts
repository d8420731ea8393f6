import {
  ProvisionedThroughputExceededException,
  ThrottlingException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB Local never throttles; DynamoDB does (a hot partition, a table past its provisioned
 * or on-demand throughput). This SDK middleware makes every request of an instrumented client
 * fail with `ProvisionedThroughputExceededException` or `ThrottlingException` (alternately) for a
 * while. It sits in the finalizeRequest step after the SDK's retry middleware, so the SDK's own
 * retries (standard mode: throttling errors retried with backoff) see it as they would see
 * DynamoDB's answer, then the store's.
 */
export class DynamoDbThrottle {
  private until = 0;
  /** Requests answered with a throttling error. */
  injected = 0;
  /** Clients instrumented (0: no subscription's store uses DynamoDB). */
  clients = 0;

  instrument(client: DynamoDBClient): void {
    this.clients += 1;
    client.middlewareStack.add(
      (next) => async (args) => {
        if (Date.now() >= this.until) return next(args);
        this.injected += 1;
        const options = { message: 'Throughput exceeds the current capacity (chaos fault)', $metadata: {} };
        throw this.injected % 2 === 0
          ? new ThrottlingException(options)
          : new ProvisionedThroughputExceededException(options);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'outflowChaosThrottle' },
    );
  }

  /** Throttles every request of the instrumented clients for the next `ms`. */
  throttleFor(ms: number): void {
    this.until = Date.now() + ms;
  }
}
