import { isRecord, parseExactJson } from '@outflow/core-domain';

/** A source record with its encoded payload field decoded, so paths can reach inside it. */
export interface DecodedEvent {
  readonly event: unknown;
  /** Decoded payload objects → their original text (templates print that text inside strings). */
  readonly originals: ReadonlyMap<unknown, string>;
}

/**
 * "Implicit body data parsing" (eb-pipes-input-transformation.html): Pipes parses a source's
 * payload field when it holds JSON: `body` of SQS messages, base64 `data` of Kinesis records.
 * DynamoDB stream records carry no such field and pass through unchanged.
 */
const ENCODED_FIELDS: Readonly<Record<string, { readonly field: string; readonly base64: boolean }>> = {
  'aws:sqs': { field: 'body', base64: false },
  'aws:kinesis': { field: 'data', base64: true },
};

const parseJsonContainer = (text: string): object | undefined => {
  try {
    const parsed = parseExactJson(text); // numbers keep their exact value
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
};

/**
 * A source record as Pipes' paths see it: an SQS `body` (or Kinesis `data`) holding JSON is
 * replaced by the parsed value; anything else is returned unchanged. Used by input templates and
 * by dynamic target parameters (`$.body.<field>`).
 */
export const decodePayload = (event: unknown): DecodedEvent => {
  const record = isRecord(event) ? event : undefined;
  const encoding = typeof record?.eventSource === 'string' ? ENCODED_FIELDS[record.eventSource] : undefined;
  const payload = encoding === undefined ? undefined : record?.[encoding.field];
  if (record === undefined || encoding === undefined || typeof payload !== 'string')
    return { event, originals: new Map() };
  const text = encoding.base64 ? Buffer.from(payload, 'base64').toString('utf8') : payload;
  const parsed = parseJsonContainer(text);
  if (parsed === undefined) return { event, originals: new Map() };
  return { event: { ...record, [encoding.field]: parsed }, originals: new Map([[parsed, text]]) };
};
