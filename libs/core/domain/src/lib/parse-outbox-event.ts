import { EventValidationError, type ValidationIssue } from './errors';
import { AGGREGATE_TYPE_PATTERN, EVENT_LIMITS, SQS_ID_CHARACTERS } from './event-limits';
import { parseExactJson } from './exact-json';
import { checkPositiveInteger, checkString, describeValue, isRecord } from './guards';
import { aggregateKeyOf, type AggregateState, type OutboxEvent } from './outbox-event';
import { err, ok, type Result } from './result';

const SQS_ID_HINT =
  'must hold only printable ASCII without spaces (what SQS accepts in a message group or deduplication id)';
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function checkChange(input: Record<string, unknown>, issues: ValidationIssue[]): void {
  const hasState = input['state'] !== undefined;
  const deleted = input['deleted'];
  if (deleted !== undefined && deleted !== true) {
    issues.push({ path: 'deleted', message: `expected true when present, got ${describeValue(deleted)}` });
  } else if (hasState && deleted === true) {
    issues.push({
      path: 'state',
      message: 'must be absent when deleted is true (an event is an upsert or a deletion)',
    });
  } else if (!hasState && deleted === undefined) {
    issues.push({
      path: 'state',
      message: 'expected the aggregate state (an object) or deleted: true, got neither',
    });
  } else if (hasState && !isRecord(input['state'])) {
    issues.push({ path: 'state', message: `expected an object, got ${describeValue(input['state'])}` });
  }
}

/** The identifiers, within EVENT_LIMITS: they become SQS message group and deduplication ids. */
function checkIdentifiers(input: Record<string, unknown>, issues: ValidationIssue[]): void {
  const sqsId = { pattern: SQS_ID_CHARACTERS, patternHint: SQS_ID_HINT };
  checkString(input['eventId'], 'eventId', issues, { max: EVENT_LIMITS.eventId, ...sqsId });
  checkString(input['eventType'], 'eventType', issues, { max: EVENT_LIMITS.eventType });
  checkString(input['aggregateType'], 'aggregateType', issues, {
    max: EVENT_LIMITS.aggregateType,
    pattern: AGGREGATE_TYPE_PATTERN,
    patternHint: 'must start with a letter and hold only letters, digits, "_", "." or "-"',
  });
  checkString(input['aggregateId'], 'aggregateId', issues, { max: EVENT_LIMITS.aggregateId, ...sqsId });
  if (issues.some((issue) => issue.path === 'aggregateType' || issue.path === 'aggregateId')) return;
  const key = aggregateKeyOf(input as { aggregateType: string; aggregateId: string });
  if (key.length > EVENT_LIMITS.aggregateKey)
    issues.push({
      path: 'aggregateId',
      message: `makes the aggregate key "<aggregateType>#<aggregateId>" ${key.length} characters; at most ${EVENT_LIMITS.aggregateKey} fit an SQS message group id: shorten the id`,
    });
}

/**
 * Validates unknown input (already JSON-parsed) as an outbox event: identifiers within
 * {@link EVENT_LIMITS} (ids in {@link SQS_ID_CHARACTERS}, the aggregate key at most 128 characters).
 * Every bad field is reported, each by name, in one {@link EventValidationError}.
 */
export function parseOutboxEvent(input: unknown): Result<OutboxEvent, EventValidationError> {
  if (!isRecord(input)) {
    return err(
      new EventValidationError([
        { path: '(event)', message: `expected an object, got ${describeValue(input)}` },
      ]),
    );
  }
  const issues: ValidationIssue[] = [];
  checkIdentifiers(input, issues);
  checkPositiveInteger(input['aggregateVersion'], 'aggregateVersion', issues);
  checkString(input['occurredAt'], 'occurredAt', issues, {
    pattern: ISO_INSTANT,
    patternHint: 'expected an ISO-8601 instant',
  });
  if (
    typeof input['occurredAt'] === 'string' &&
    ISO_INSTANT.test(input['occurredAt']) &&
    Number.isNaN(Date.parse(input['occurredAt']))
  ) {
    issues.push({
      path: 'occurredAt',
      message: `is not a real date, got ${describeValue(input['occurredAt'])}`,
    });
  }
  checkPositiveInteger(input['schemaVersion'], 'schemaVersion', issues);
  checkString(input['correlationId'], 'correlationId', issues, { optional: true });
  checkString(input['causationId'], 'causationId', issues, { optional: true });
  checkChange(input, issues);
  if (issues.length > 0) return err(new EventValidationError(issues));

  const envelope = {
    eventId: input['eventId'] as string,
    eventType: input['eventType'] as string,
    aggregateType: input['aggregateType'] as string,
    aggregateId: input['aggregateId'] as string,
    aggregateVersion: input['aggregateVersion'] as number,
    occurredAt: input['occurredAt'] as string,
    schemaVersion: input['schemaVersion'] as number,
    ...(input['correlationId'] !== undefined ? { correlationId: input['correlationId'] as string } : {}),
    ...(input['causationId'] !== undefined ? { causationId: input['causationId'] as string } : {}),
  };
  return ok(
    input['deleted'] === true
      ? { ...envelope, deleted: true }
      : { ...envelope, state: input['state'] as AggregateState },
  );
}

/**
 * Parses JSON text keeping every number exact ({@link parseExactJson}: a state number JavaScript
 * cannot hold, e.g. `3804086584686624768`, arrives as a `LosslessNumber` with that exact text), then
 * validates it with {@link parseOutboxEvent}: `aggregateVersion` and `schemaVersion` must be
 * integers JavaScript holds exactly (at most 2^53 − 1), else the issue names the field and the
 * exact value.
 */
export function parseOutboxEventJson(text: string): Result<OutboxEvent, EventValidationError> {
  let value: unknown;
  try {
    value = parseExactJson(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return err(
      new EventValidationError([{ path: '(body)', message: `is not valid JSON: ${reason}` }], { cause }),
    );
  }
  return parseOutboxEvent(value);
}
