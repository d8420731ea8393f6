/** The DynamoDB Local endpoint started by the jest globalSetup of this library. */
export function dynamoDbLocalEndpoint(): string {
  const endpoint = process.env['OUTFLOW_DYNAMODB_ENDPOINT'];
  if (!endpoint) {
    throw new Error(
      'OUTFLOW_DYNAMODB_ENDPOINT is not set: this spec needs the globalSetup of @outflow/dynamodb-local ' +
        '(libs/runtime/dynamodb-local/src/jest/global-setup.ts) in its jest config.',
    );
  }
  return endpoint;
}
