import type { RunningDynamoDbLocal } from '../lib/dynamodb-local';

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __OUTFLOW_DYNAMODB_LOCAL__?: RunningDynamoDbLocal };
  await holder.__OUTFLOW_DYNAMODB_LOCAL__?.stop();
  delete holder.__OUTFLOW_DYNAMODB_LOCAL__;
}
