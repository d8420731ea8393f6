import { AGGREGATE_TYPE_PATTERN, EVENT_LIMITS, SQS_ID_CHARACTERS } from './event-limits';

// SQS SendMessage: MessageGroupId and MessageDeduplicationId are at most 128 characters of
// alphanumerics and punctuation (API_SendMessage).
const SQS_FIFO_ID_MAX = 128;

describe('Constants: EVENT_LIMITS', () => {
  it('keeps the event id and the aggregate key within an SQS FIFO id', () => {
    expect(EVENT_LIMITS.eventId).toBeLessThanOrEqual(SQS_FIFO_ID_MAX);
    expect(EVENT_LIMITS.aggregateKey).toBeLessThanOrEqual(SQS_FIFO_ID_MAX);
    expect(EVENT_LIMITS.aggregateId + '#'.length + 1).toBeLessThanOrEqual(EVENT_LIMITS.aggregateKey);
  });

  it('accepts exactly printable ASCII without the space as SQS id characters', () => {
    const printable = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join(
      '',
    );
    expect(SQS_ID_CHARACTERS.test(printable)).toBe(true);
    for (const refused of [' ', '\t', 'é', '\u007f'])
      expect(SQS_ID_CHARACTERS.test(`a${refused}b`)).toBe(false);
    expect(SQS_ID_CHARACTERS.test('')).toBe(false);
  });

  it('accepts aggregate types that are SQS id characters too', () => {
    expect(AGGREGATE_TYPE_PATTERN.test('order')).toBe(true);
    expect(AGGREGATE_TYPE_PATTERN.test('line_item.v2-x')).toBe(true);
    for (const refused of ['1order', 'my order', 'order#1', ''])
      expect(AGGREGATE_TYPE_PATTERN.test(refused)).toBe(false);
  });
});
