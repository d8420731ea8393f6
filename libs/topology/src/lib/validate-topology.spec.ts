import { compileEventPattern, compileInputTemplate } from '@outflow/event-patterns';
import { changeCommittedAtMs, toBusEventDetail, decodeBusMessage, SQS_LIMITS } from '@outflow/core-domain';
import { makeEvent, streamRecord } from '@outflow/testing';
import { outflowTopology, subscription } from './outflow-topology';
import { validateTopology } from './validate-topology';

const record = (eventName: string, newImage?: Record<string, unknown>, keys?: Record<string, unknown>) =>
  streamRecord({ eventName, ...(newImage ? { newImage } : {}), ...(keys ? { keys } : {}) });

describe('Topology: outflowTopology', () => {
  it('is valid', () => {
    expect(validateTopology(outflowTopology)).toBe(outflowTopology);
  });

  it('lets only records carrying an outbox event through the pipe filter', () => {
    const filter = compileEventPattern(outflowTopology.sources[0]!.pipe.filterPattern);
    expect(filter.matches(record('INSERT', { outboxEvent: { S: '{}' } }))).toBe(true);
    expect(filter.matches(record('MODIFY', { outboxEvent: { S: '{}' } }))).toBe(true);
    expect(filter.matches(record('MODIFY', { state: { M: {} } }))).toBe(false);
    expect(filter.matches(record('REMOVE'))).toBe(false);
  });

  it('renders the bus detail the consumers decode back into the same event', () => {
    const event = makeEvent('order', 'o-"1"', 3, { state: { note: 'quotes " and \\ backslashes', n: 1.5 } });
    const detail = toBusEventDetail(event, 1_795_997_330);
    const newImage = {
      outboxEventId: { S: detail.eventId },
      outboxEventType: { S: detail.eventType },
      outboxAggregateType: { S: detail.aggregateType },
      outboxAggregateId: { S: detail.aggregateId },
      outboxAggregateVersion: { N: detail.aggregateVersion },
      outboxEvent: { S: detail.event },
    };
    const rendered = compileInputTemplate(outflowTopology.sources[0]!.pipe.inputTemplate).render(
      // The source item's partition key is the aggregate key (`<type>#<id>`).
      streamRecord({
        eventName: 'MODIFY',
        newImage,
        keys: { pk: { S: detail.aggregateKey }, sk: { S: 'AGGREGATE' } },
        approximateCreationDateTime: 1_795_997_330,
      }),
    );
    expect(rendered.kind).toBe('json');
    // The stream record's ApproximateCreationDateTime arrives as the JSON number it is (epoch seconds).
    expect(rendered.text).toContain('"approximateCreationDateTime": 1795997330,');
    expect(JSON.parse(rendered.text)).toEqual(detail);
    expect(decodeBusMessage(rendered.text)).toEqual({ ok: true, value: event });
    expect(changeCommittedAtMs(rendered.text)).toBe(1_795_997_330_000);
  });

  it('renders a record without ApproximateCreationDateTime as "" (an unknown commit time), still decodable', () => {
    const event = makeEvent('order', 'o-2', 1, { state: { n: 1 } });
    const detail = toBusEventDetail(event);
    const stream = streamRecord({
      eventName: 'INSERT',
      newImage: {
        outboxEventId: { S: detail.eventId },
        outboxEventType: { S: detail.eventType },
        outboxAggregateType: { S: detail.aggregateType },
        outboxAggregateId: { S: detail.aggregateId },
        outboxAggregateVersion: { N: detail.aggregateVersion },
        outboxEvent: { S: detail.event },
      },
      keys: { pk: { S: detail.aggregateKey }, sk: { S: 'AGGREGATE' } },
    });
    delete (stream.dynamodb as { ApproximateCreationDateTime?: number }).ApproximateCreationDateTime;
    const rendered = compileInputTemplate(outflowTopology.sources[0]!.pipe.inputTemplate).render(stream);
    expect(JSON.parse(rendered.text)).toEqual({ ...detail, approximateCreationDateTime: '' });
    expect(decodeBusMessage(rendered.text)).toEqual({ ok: true, value: event });
    expect(changeCommittedAtMs(rendered.text)).toBeUndefined();
  });

  it('names every bad field of an invalid topology', () => {
    const bad = {
      ...outflowTopology,
      sources: [
        {
          ...outflowTopology.sources[0]!,
          pipe: {
            ...outflowTopology.sources[0]!.pipe,
            maximumRetryAttempts: -1,
            inputTemplate: '{"a": <$.>}',
          },
        },
      ],
      subscriptions: [
        subscription('legacy-rdb', 'x', ['order'], {
          consumer: { batchSize: 20 },
          queue: { visibilityTimeoutSeconds: 30 },
        }),
        {
          ...subscription('Bad Name', 'x', ['order']),
          rule: { ...subscription('b', 'x', []).rule, eventPattern: { source: 'order' } },
        },
      ],
    };
    let message = '';
    try {
      validateTopology(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(
      'sources[0].pipe.maximumRetryAttempts: expected an integer from 0 to 10000 (finite: -1 would retry until the record expires and block the shard), got -1',
    );
    expect(message).toContain('sources[0].pipe.inputTemplate:');
    expect(message).toContain(
      'subscriptions[0].consumer.batchSize: expected an integer from 1 to 10 (SQS FIFO event sources take at most 10), got 20',
    );
    expect(message).toContain(
      'subscriptions[0].queue.visibilityTimeoutSeconds: expected at least 6 × consumer.timeoutSeconds (180), got 30',
    );
    expect(message).toContain(
      'subscriptions[1].name: expected lower-case letters, digits and dashes, got "Bad Name"',
    );
    expect(message).toContain('subscriptions[1].rule.eventPattern:');
  });

  it('refuses a second source for one app and duplicate names, naming the field', () => {
    const orders = outflowTopology.sources[0]!;
    const bad = {
      ...outflowTopology,
      sources: [orders, { ...orders, name: 'customers' }, { ...orders, app: 'other' }],
      subscriptions: [...outflowTopology.subscriptions, ...outflowTopology.subscriptions],
    };
    expect(() => validateTopology(bad)).toThrow(
      'sources[1].app: app orders-service already owns source orders: an app owns one table and its one Pipe; give this source its own app',
    );
    expect(() => validateTopology(bad)).toThrow('sources[2].name: duplicate source orders');
    expect(() => validateTopology(bad)).toThrow(
      `subscriptions[${outflowTopology.subscriptions.length}].name: duplicate subscription legacy-rdb`,
    );
  });

  it('checks against the AWS limits of aws-limits.ts, at both ends of each range', () => {
    const withQueue = (queue: Partial<(typeof outflowTopology.subscriptions)[number]['queue']>) => ({
      ...outflowTopology,
      subscriptions: [subscription('legacy-rdb', 'legacy-rdb-sync', ['order'], { queue })],
    });
    expect(() =>
      validateTopology(withQueue({ messageRetentionSeconds: SQS_LIMITS.messageRetentionSeconds.max })),
    ).not.toThrow();
    expect(() =>
      validateTopology(withQueue({ messageRetentionSeconds: SQS_LIMITS.messageRetentionSeconds.max + 1 })),
    ).toThrow(
      'subscriptions[0].queue.messageRetentionSeconds: expected an integer from 60 to 1209600, got 1209601',
    );
    expect(() => validateTopology(withQueue({ maxReceiveCount: 0 }))).toThrow(
      'subscriptions[0].queue.maxReceiveCount: expected an integer from 1 to 1000 (finite, so a poison message reaches the DLQ), got 0',
    );
  });
});
