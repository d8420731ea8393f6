import { failed, permanentFailure } from './outcome';

describe('Function: permanentFailure', () => {
  it('is a failure marked permanent (dead-lettered at once), unlike failed (retried)', () => {
    expect(permanentFailure('malformed message: x')).toEqual({
      kind: 'failed',
      reason: 'malformed message: x',
      permanent: true,
    });
    expect(failed('connection reset')).toEqual({ kind: 'failed', reason: 'connection reset' });
  });
});
