import { OutflowError, ValidationError } from '@outflow/core-domain';

/** DynamoDB Local cannot run: no Java 17+ on this machine. The message says what to install. */
export class JavaUnavailableError extends OutflowError {
  readonly code = 'JAVA_UNAVAILABLE';
}

/** DynamoDB Local did not start or did not answer in time; the message carries its output. */
export class DynamoDbLocalStartError extends OutflowError {
  readonly code = 'DYNAMODB_LOCAL_START_FAILED';
}

/**
 * A record read from a stream is not one DynamoDB Streams produces (no eventID, an unknown
 * eventName, no SequenceNumber); `issues` name each bad field.
 */
export class StreamRecordError extends ValidationError {
  override readonly code = 'STREAM_RECORD_INVALID';
}
