/** How a retry loop waits between attempts: exponential from `baseMs`, capped at `maxMs`. */
export interface Backoff {
  /** Delay before the first retry (attempt 0), in milliseconds. */
  readonly baseMs: number;
  /** Longest delay, in milliseconds. */
  readonly maxMs: number;
}

/**
 * The delay before retry number `attempt` (0 for the first retry): `min(maxMs, baseMs × 2^attempt)`,
 * the exponential backoff AWS services use between retries (without jitter, so tests stay exact).
 */
export const backoffDelayMs = (attempt: number, backoff: Backoff): number =>
  Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt);

/** Resolves after `ms` milliseconds (a timer; it keeps the process alive while pending). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
