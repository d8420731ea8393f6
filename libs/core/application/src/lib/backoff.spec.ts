import { backoffDelayMs, sleep } from './backoff';

describe('Function: backoffDelayMs', () => {
  it('doubles from the base delay and stops at the cap', () => {
    const backoff = { baseMs: 10, maxMs: 1000 };
    expect([0, 1, 2, 3, 6, 7, 20].map((attempt) => backoffDelayMs(attempt, backoff))).toEqual([
      10, 20, 40, 80, 640, 1000, 1000,
    ]);
  });
});

describe('Function: sleep', () => {
  it('resolves no earlier than the delay', async () => {
    const started = Date.now();
    await sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
