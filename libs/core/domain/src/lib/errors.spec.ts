import {
  ConcurrencyError,
  EventValidationError,
  isConcurrencyError,
  OutflowError,
  ValidationError,
} from './errors';

describe('Class: ConcurrencyError', () => {
  it('names the aggregate and expected version, keeps its cause and is recognised by its guards', () => {
    const cause = new Error('ConditionalCheckFailed');
    const error = new ConcurrencyError('order', 'o-1', 3, { cause });
    expect(error.name).toBe('ConcurrencyError');
    expect(error.code).toBe('CONCURRENCY_CONFLICT');
    expect(error.message).toBe('order o-1 was changed concurrently: expected version 3 is no longer current');
    expect(error.cause).toBe(cause);
    expect(isConcurrencyError(error)).toBe(true);
    expect(error).toBeInstanceOf(OutflowError);
    expect(isConcurrencyError(new Error('x'))).toBe(false);
  });
});

describe('Class: EventValidationError', () => {
  it('is a ValidationError listing each issue', () => {
    const error = new EventValidationError([{ path: 'eventId', message: 'missing' }]);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.name).toBe('EventValidationError');
    expect(error.message).toBe('outbox event is invalid: eventId: missing');
  });
});
