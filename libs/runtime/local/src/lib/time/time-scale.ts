import { InvalidTimeScaleError } from '../errors';

/** The smallest and largest factors accepted: below 0.001 a 180 s visibility timeout is under 0.2 s. */
const TIME_SCALE_RANGE = { min: 0.001, max: 1 } as const;

const RANGE_MESSAGE = `time scale must be a number from ${TIME_SCALE_RANGE.min} to ${TIME_SCALE_RANGE.max} (1 = AWS time, 0.1 = ten times faster)`;

/**
 * The default factor: AWS time (1). A failed message then waits the queue's full visibility
 * timeout (180 s with Outflow's defaults) and the stream is polled every 250 ms, as on AWS; pass a
 * smaller factor (`npm start -- --time-scale 0.1`) to compress every timer alike.
 */
export const DEFAULT_TIME_SCALE = 1;

/**
 * AWS's timers that the local runtime emulates, in AWS time (ms). The retry backoffs are not
 * documented by AWS (EventBridge: "exponential back-off and jitter"); Outflow uses 1 s doubling up
 * to 60 s for both the stream Pipe and the bus rule's target.
 */
export const AWS_TIMERS = {
  /** Lambda's and Pipes' stream pollers read a shard about 4 times a second (with-ddb.html). */
  streamPollIntervalMs: 250,
  /** SQS FIFO deduplication interval (FIFO-queues, "exactly-once processing"). */
  deduplicationWindowMs: 300_000,
  pipeRetry: { baseMs: 1_000, maxMs: 60_000 },
  ruleRetry: { baseMs: 1_000, maxMs: 60_000 },
} as const;

/**
 * ONE factor applied alike to every AWS timer the local runtime emulates: visibility timeouts,
 * retry delays, batching windows, the deduplication window and the stream polling pace. There is
 * no separate shortcut for failures: a failed message waits `visibilityTimeout × factor`.
 *
 * @example
 * const scale = new TimeScale(0.01);
 * scale.ms(180_000); // → 1800
 * @throws InvalidTimeScaleError when the factor is not a number in [0.001, 1].
 */
export class TimeScale {
  constructor(readonly factor: number = DEFAULT_TIME_SCALE) {
    if (!Number.isFinite(factor) || factor < TIME_SCALE_RANGE.min || factor > TIME_SCALE_RANGE.max)
      throw new InvalidTimeScaleError(`${RANGE_MESSAGE}, got ${String(factor)}`);
  }

  /** An AWS duration in ms, scaled (rounded, at least 1 ms unless it is 0). */
  ms(awsMs: number): number {
    return awsMs === 0 ? 0 : Math.max(1, Math.round(awsMs * this.factor));
  }

  /** An AWS duration in seconds, scaled, in ms. */
  seconds(awsSeconds: number): number {
    return this.ms(awsSeconds * 1000);
  }

  /** A backoff (base and cap in AWS ms), scaled. */
  backoff(awsBackoff: { readonly baseMs: number; readonly maxMs: number }): {
    baseMs: number;
    maxMs: number;
  } {
    return { baseMs: this.ms(awsBackoff.baseMs), maxMs: this.ms(awsBackoff.maxMs) };
  }

  /** For banners: `AWS time × 0.1`. */
  describe(): string {
    return `AWS time × ${this.factor}`;
  }
}

/**
 * Parses a `--time-scale` argument.
 *
 * @throws InvalidTimeScaleError naming the flag and the accepted range.
 */
export const parseTimeScale = (text: string): TimeScale => {
  const factor = /^\s*\d*\.?\d+(e-?\d+)?\s*$/i.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(factor) || factor < TIME_SCALE_RANGE.min || factor > TIME_SCALE_RANGE.max)
    throw new InvalidTimeScaleError(
      `--time-scale ${JSON.stringify(text)}: ${RANGE_MESSAGE} (e.g. npm start -- --time-scale 0.1)`,
    );
  return new TimeScale(factor);
};
