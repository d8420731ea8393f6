import { OutflowError } from '@outflow/core-domain';

/** The port a local server was asked to listen on is taken by another process. */
export class PortInUseError extends OutflowError {
  readonly code = 'PORT_IN_USE';

  constructor(
    readonly port: number,
    readonly host: string,
    /** How the caller chooses the port, for the message (e.g. `--port`, `ORDERS_PORT`). */
    readonly setting: string,
    options?: { cause?: unknown },
  ) {
    super(
      `port ${port} on ${host} is already in use: stop the process holding it, or choose another port with ${setting} (0 picks a free one)`,
      options,
    );
  }
}

/** A shard iterator is older than 15 minutes (DynamoDB Streams' ExpiredIteratorException): get a new one. */
export class IteratorExpiredError extends OutflowError {
  readonly code = 'STREAM_ITERATOR_EXPIRED';
}

/**
 * The position asked for is older than the stream keeps (24 h; TrimmedDataAccessException): the
 * records there are gone and reading resumes at the oldest one left.
 */
export class PositionTrimmedError extends OutflowError {
  readonly code = 'STREAM_POSITION_TRIMMED';
}

/** The runtime stopped while a batch was in flight; the batch is left for the next start. */
export class BatchAbandonedError extends OutflowError {
  readonly code = 'BATCH_ABANDONED';

  constructor() {
    super(
      'the local runtime stopped while this batch was in flight; it is delivered again on the next start',
    );
  }
}

/** A time-scale factor outside what the local runtime accepts (`--time-scale`, `timeScale`). */
export class InvalidTimeScaleError extends OutflowError {
  readonly code = 'INVALID_TIME_SCALE';
}

/** A message an SQS queue refuses, as SQS would (e.g. no MessageGroupId on a FIFO queue). */
export class QueueSendError extends OutflowError {
  readonly code = 'QUEUE_SEND_REJECTED';
}

/** A subscription name the running topology does not have (e.g. a control API request for it). */
export class UnknownSubscriptionError extends OutflowError {
  readonly code = 'UNKNOWN_SUBSCRIPTION';

  constructor(
    readonly subscription: string,
    readonly known: readonly string[],
  ) {
    super(`no subscription named "${subscription}" runs here; the topology has: ${known.join(', ')}`);
  }
}
