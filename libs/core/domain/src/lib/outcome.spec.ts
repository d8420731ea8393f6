import { applied, duplicate, failed, isFailed, stale } from './outcome';

describe('Function: isFailed', () => {
  it('recognises only failed outcomes', () => {
    expect(isFailed(failed('x'))).toBe(true);
    expect([applied, duplicate, stale(1)].some(isFailed)).toBe(false);
  });
});
