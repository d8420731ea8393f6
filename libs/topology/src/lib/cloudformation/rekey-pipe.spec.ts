import { aggregateKeyOf, decodeBusMessage, toBusEventDetail } from '@outflow/core-domain';
import { compileInputTemplate, parseJsonPath, resolvePath } from '@outflow/event-patterns';
import { makeEvent, sqsRecord } from '@outflow/testing';
import { outflowTopology } from '../outflow-topology';
import type { PerAggregateDelivery } from '../topology.types';
import { REKEY_INPUT_TEMPLATE, rekeyTargetParameters } from '../delivery';

const delivery = outflowTopology.subscriptions[0]!.delivery as PerAggregateDelivery;
const resolve = (path: string, root: unknown) => {
  const steps = parseJsonPath(path);
  if (!steps.ok) throw new Error(steps.error);
  return resolvePath(steps.value, root);
};

describe('CloudFormation: the re-keying Pipe’s template and target parameters', () => {
  // What the Pipe sees: the buffer queue's SQS record, its JSON body parsed implicitly.
  const event = makeEvent('order', 'o-"7"', 4, { state: { note: 'quotes " and \\ backslashes' } });
  const detail = toBusEventDetail(event);
  const record = { ...sqsRecord(detail), body: detail };

  it('renders {"detail": <the bus detail>}, which the consumer decodes back into the same event', () => {
    const rendered = compileInputTemplate(REKEY_INPUT_TEMPLATE).render(record);
    expect(rendered.kind).toBe('json');
    expect(JSON.parse(rendered.text)).toEqual({ detail });
    expect(decodeBusMessage(rendered.text)).toEqual({ ok: true, value: event });
  });

  it('takes the message group from the aggregate key and the deduplication id from the event id, on the record', () => {
    const parameters = rekeyTargetParameters(delivery);
    expect(parameters).toEqual({
      MessageGroupId: '$.body.aggregateKey',
      MessageDeduplicationId: '$.body.eventId',
    });
    expect(resolve(parameters.MessageGroupId, record)).toEqual({ found: true, value: aggregateKeyOf(event) });
    expect(resolve(parameters.MessageDeduplicationId, record)).toEqual({ found: true, value: event.eventId });
  });
});
