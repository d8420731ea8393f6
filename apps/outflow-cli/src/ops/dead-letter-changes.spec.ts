import { toBusEventDetail } from '@outflow/core-domain';
import { makeEvent } from '@outflow/testing';
import { changesInDeadLetter } from './dead-letter-changes';

describe('Function: changesInDeadLetter', () => {
  const event = makeEvent('order', 'o-1', 3, { state: { a: 1 } });
  const detail = toBusEventDetail(event);
  const found = [{ aggregateType: 'order', aggregateId: 'o-1', version: 3 }];

  it.each([
    ['a queue message body (the detail)', JSON.stringify(detail)],
    ['the re-keying Pipe’s {"detail": …}', JSON.stringify({ detail })],
    ['a rule’s whole bus event', JSON.stringify({ source: 'outflow.order', 'detail-type': 'x', detail })],
    ['a local dead letter’s payload', { messageId: 'm', body: JSON.stringify(detail) }],
  ])('finds the change in %s', (_what, payload) => {
    expect(changesInDeadLetter(payload)).toEqual(found);
  });

  it('finds nothing in text that is not a change', () => {
    expect(changesInDeadLetter('not json')).toEqual([]);
  });
});
