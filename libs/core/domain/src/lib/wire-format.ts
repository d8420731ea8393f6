import { EventValidationError, type ValidationIssue } from './errors';
import { parseExactJson, stringifyExactJson } from './exact-json';
import { aggregateKeyOf, type OutboxEvent } from './outbox-event';
import { parseOutboxEvent, parseOutboxEventJson } from './parse-outbox-event';
import { err, type Result } from './result';

/**
 * Top-level attributes of a source item that carries an outbox event. Routing needs them as
 * scalars because a Pipe input template cannot unmarshall nested DynamoDB JSON; the whole event
 * (with the aggregate state) travels as one JSON string in `event`.
 */
export const OUTBOX_ATTRIBUTES = {
  eventId: 'outboxEventId',
  eventType: 'outboxEventType',
  aggregateType: 'outboxAggregateType',
  aggregateId: 'outboxAggregateId',
  aggregateVersion: 'outboxAggregateVersion',
  event: 'outboxEvent',
} as const;

/**
 * The `detail` of the bus event the Pipe puts on the bus, and the body of the message each
 * downstream queue receives (the rule target sends `$.detail`). Routing fields are copies of the
 * item's scalar attributes (the version arrives as a string: DynamoDB numbers are strings in
 * stream records); `event` is the outbox event as JSON text.
 */
export interface BusEventDetail {
  readonly eventId: string;
  /**
   * `<aggregateType>#<aggregateId>` (`aggregateKeyOf`, the source item's partition key): the ONE
   * field a per-aggregate subscription's re-keying Pipe uses as the FIFO `MessageGroupId`.
   */
  readonly aggregateKey: string;
  readonly eventType: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly aggregateVersion: string;
  /**
   * The source stream record's `ApproximateCreationDateTime`: when DynamoDB committed the change,
   * epoch **seconds** (a JSON number; the Pipe's input template copies it). Consumers report
   * `now − this` as the change's age, the lag metric (AWS publishes no iterator age for Pipes).
   * Absent in events built before the field existed; `""` when a record lacks it (a template
   * renders a missing path in a value position as `""`): both mean "unknown".
   */
  readonly approximateCreationDateTime?: number | '';
  readonly event: string;
}

/**
 * Builds the detail for an event (what the Pipe's input template produces on AWS); numbers stay exact.
 * On AWS the Pipe builds this detail; the size check and tests build it here.
 */
export const toBusEventDetail = (
  event: OutboxEvent,
  approximateCreationDateTime?: number,
): BusEventDetail => ({
  eventId: event.eventId,
  aggregateKey: aggregateKeyOf(event),
  eventType: event.eventType,
  aggregateType: event.aggregateType,
  aggregateId: event.aggregateId,
  aggregateVersion: String(event.aggregateVersion),
  ...(approximateCreationDateTime === undefined ? {} : { approximateCreationDateTime }),
  event: stringifyExactJson(event) as string,
});

/**
 * When the change a downstream message carries was committed, epoch **milliseconds**: the
 * detail's `approximateCreationDateTime` (seconds) × 1000, from a bare or Pipe-wrapped detail.
 * Undefined when the body is not JSON, or carries no such number (older events, `""`). Never throws.
 */
export const changeCommittedAtMs = (body: string): number | undefined => {
  let value: unknown;
  try {
    value = parseExactJson(body);
  } catch {
    return undefined;
  }
  if (isPipeWrapped(value)) value = value.detail;
  const seconds =
    typeof value === 'object' && value !== null
      ? (value as { approximateCreationDateTime?: unknown }).approximateCreationDateTime
      : undefined;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
};

const ROUTING_FIELDS = ['eventId', 'eventType', 'aggregateType', 'aggregateId'] as const;

/** `{"detail": {…}}` and nothing else: the re-keying Pipe's output. */
const isPipeWrapped = (value: unknown): value is { detail: unknown } =>
  typeof value === 'object' &&
  value !== null &&
  Object.keys(value).length === 1 &&
  typeof (value as { detail?: unknown }).detail === 'object';

/**
 * Decodes a downstream message body: a {@link BusEventDetail} (what a rule target sends with
 * `InputPath: $.detail`), the same detail wrapped as `{"detail": …}` (what a per-aggregate
 * subscription's re-keying Pipe sends with `InputTemplate: {"detail": <$.body>}`), or, for direct
 * sends and tests, a bare outbox event. The routing copies must agree with the embedded event,
 * so a record whose scalars and body disagree is refused rather than misrouted. Numbers keep their
 * exact value ({@link parseExactJson}).
 */
export function decodeBusMessage(body: string): Result<OutboxEvent, EventValidationError> {
  let value: unknown;
  try {
    value = parseExactJson(body);
  } catch {
    return parseOutboxEventJson(body);
  }
  if (isPipeWrapped(value)) value = value.detail;
  const detail = value as Partial<Record<keyof BusEventDetail, unknown>> | null;
  if (typeof detail !== 'object' || detail === null || detail.event === undefined)
    return parseOutboxEvent(value);
  if (typeof detail.event !== 'string') {
    return err(
      new EventValidationError([{ path: 'event', message: 'expected the outbox event as a JSON string' }]),
    );
  }
  const parsed = parseOutboxEventJson(detail.event);
  if (!parsed.ok) {
    return err(new EventValidationError(parsed.error.issues.map((i) => ({ ...i, path: `event.${i.path}` }))));
  }
  const issues: ValidationIssue[] = [];
  for (const field of ROUTING_FIELDS) {
    if (detail[field] !== undefined && detail[field] !== parsed.value[field]) {
      issues.push({
        path: field,
        message: `routing copy ${JSON.stringify(detail[field])} disagrees with event.${field} ${JSON.stringify(parsed.value[field])}`,
      });
    }
  }
  if (detail.aggregateKey !== undefined && detail.aggregateKey !== aggregateKeyOf(parsed.value)) {
    issues.push({
      path: 'aggregateKey',
      message: `routing copy ${JSON.stringify(detail.aggregateKey)} disagrees with the event's aggregate ${JSON.stringify(aggregateKeyOf(parsed.value))}`,
    });
  }
  if (
    detail.aggregateVersion !== undefined &&
    String(detail.aggregateVersion) !== String(parsed.value.aggregateVersion)
  ) {
    issues.push({
      path: 'aggregateVersion',
      message: `routing copy ${JSON.stringify(detail.aggregateVersion)} disagrees with event.aggregateVersion ${parsed.value.aggregateVersion}`,
    });
  }
  return issues.length > 0 ? err(new EventValidationError(issues)) : parsed;
}

/**
 * The lag metric every consumer publishes (embedded metric format, `createSqsApplyHandler` in `@outflow/runtime-lambda`):
 * per change, now − the stream record's `ApproximateCreationDateTime`, in seconds, in namespace
 * `Outflow` with the one dimension `service` = the subscription's name (Powertools Metrics' service
 * dimension; the consumer function's `POWERTOOLS_SERVICE_NAME`, see `consumerEnvironment`). Pipes
 * publish no iterator age, so this is how far behind the stream a downstream is.
 *
 * @public The contract between the consumers, the generated alarm (`@outflow/topology`) and `outflow status`.
 */
export const CHANGE_AGE_METRIC = {
  namespace: 'Outflow',
  name: 'ChangeAge',
  dimension: 'service',
  unit: 'Seconds',
} as const;
