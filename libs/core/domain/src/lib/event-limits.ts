/**
 * The limits an outbox event's identifiers keep, written once: `parseOutboxEvent` enforces them on
 * every event, `validateTopology` (libs/topology) checks each per-aggregate subscription against
 * them, and the legacy database's columns are sized from them (`prisma/schema.prisma`). Lengths
 * are in characters (UTF-16 code units; the allowed characters are ASCII, so also bytes).
 *
 * Why these values: a per-aggregate subscription's re-keying Pipe sends `aggregateKey`
 * (`<aggregateType>#<aggregateId>`) as the SQS FIFO `MessageGroupId` and `eventId` as the
 * `MessageDeduplicationId`; SQS takes at most 128 characters for each, drawn from
 * {@link SQS_ID_CHARACTERS} (API_SendMessage,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
 */
export const EVENT_LIMITS = {
  /** `eventId`: at most 128 characters of {@link SQS_ID_CHARACTERS} (the FIFO deduplication id). */
  eventId: 128,
  /** `eventType` (the bus event's detail-type, at most 128 characters on EventBridge too). */
  eventType: 128,
  /** `aggregateType`: at most 64 characters matching {@link AGGREGATE_TYPE_PATTERN}. */
  aggregateType: 64,
  /** `aggregateId`: at most 100 characters of {@link SQS_ID_CHARACTERS}. */
  aggregateId: 100,
  /**
   * `aggregateKey` = `<aggregateType>#<aggregateId>`: at most 128 characters, the FIFO
   * `MessageGroupId` limit. With a type of at most 27 characters every valid id fits.
   */
  aggregateKey: 128,
} as const;

/** An aggregate type: a letter, then letters, digits, `_`, `.` or `-` (it becomes `outflow.<type>`). */
export const AGGREGATE_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * The characters SQS accepts in a `MessageGroupId` and a `MessageDeduplicationId`: alphanumerics
 * and punctuation ``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~`` — printable ASCII without the space.
 */
export const SQS_ID_CHARACTERS = /^[\x21-\x7e]+$/;
