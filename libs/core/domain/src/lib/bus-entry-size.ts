import { stringifyExactJson } from './exact-json';
import type { OutboxEvent } from './outbox-event';
import { toBusEventDetail } from './wire-format';

/** The bus `source` of an aggregate type's events, `outflow.<aggregateType>` (the topology's Pipes use it). */
export const outboxEventSource = (aggregateType: string): string => `outflow.${aggregateType}`;

/** Bytes of `text` in UTF-8, as AWS counts payload sizes. */
export const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** The widest `approximateCreationDateTime` the Pipe renders (10 digits: epoch seconds until 2286). */
const APPROXIMATE_CREATION_DATE_TIME_MAX = 9_999_999_999;

/** What AWS counts for an entry's `Time` when it is set (eb-putevent-size.html). */
const TIME_BYTES = 14;

/**
 * The PutEvents size (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html)
 * of the bus entry the source's Pipe renders for `event`: Time (14 bytes, counted because AWS does
 * not say whether a Pipe sets it) + the UTF-8 bytes of Source ({@link outboxEventSource}),
 * DetailType (the event type) and Detail. The Detail is the `BusEventDetail` as the Pipe's
 * input template lays it out: the event text escaped again inside a JSON string, and one space
 * after each `:` and each `,` between fields (the local runtime's test checks this against the
 * real template).
 */
export const outboxBusEntryBytes = (event: OutboxEvent): number => {
  // The stream record's ApproximateCreationDateTime: epoch seconds, 10 digits until the year 2286.
  const detail = toBusEventDetail(event, APPROXIMATE_CREATION_DATE_TIME_MAX);
  const spaces = 2 * Object.keys(detail).length - 1;
  return (
    TIME_BYTES +
    utf8Bytes(outboxEventSource(event.aggregateType)) +
    utf8Bytes(event.eventType) +
    utf8Bytes(stringifyExactJson(detail) as string) +
    spaces
  );
};
