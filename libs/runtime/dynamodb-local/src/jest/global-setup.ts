// Jest globalSetup: one in-memory DynamoDB Local per jest run, its endpoint handed to the test
// workers as OUTFLOW_DYNAMODB_ENDPOINT (workers inherit the environment set here).
// Use in a jest.config.cjs: globalSetup: '<path>/libs/runtime/dynamodb-local/src/jest/global-setup.ts',
//                           globalTeardown: '<path>/libs/runtime/dynamodb-local/src/jest/global-teardown.ts'.
import { startDynamoDbLocal, type RunningDynamoDbLocal } from '../lib/dynamodb-local';

export default async function globalSetup(): Promise<void> {
  const emulator = await startDynamoDbLocal();
  (globalThis as { __OUTFLOW_DYNAMODB_LOCAL__?: RunningDynamoDbLocal }).__OUTFLOW_DYNAMODB_LOCAL__ = emulator;
  process.env['OUTFLOW_DYNAMODB_ENDPOINT'] = emulator.endpoint;
}
