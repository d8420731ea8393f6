import { isRecord, parseExactJson } from '@outflow/core-domain';

/** A change an operator finds in a subscription's DLQ. */
export interface DeadLetteredChange {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly version: number;
  /** The DLQ message's id (AWS: SQS MessageId; local: the message id, or the event id for a rule's). */
  readonly messageId: string;
  /** Which DLQ holds it (its name). */
  readonly queue: string;
  /** Why it was dead-lettered, when known (local). */
  readonly reason?: string;
}

const MAX_DEPTH = 8;

const decoded = (text: string): unknown => {
  if (!/^\s*[{[]/.test(text)) return text;
  try {
    return parseExactJson(text);
  } catch {
    return text;
  }
};

type Found = Pick<DeadLetteredChange, 'aggregateType' | 'aggregateId' | 'version'>;

/**
 * The changes a DLQ message carries, whatever its shape: a queue message body (a bus event's
 * detail, or the re-keying Pipe's `{"detail": …}`), a rule's whole bus event, or a bare outbox
 * event — found by their routing fields `aggregateType`, `aggregateId`, `aggregateVersion`.
 */
export function changesInDeadLetter(payload: unknown, depth = 0): Found[] {
  if (depth > MAX_DEPTH) return [];
  const value = typeof payload === 'string' ? decoded(payload) : payload;
  if (typeof value === 'string') return [];
  const children = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
  const own: Found[] = [];
  if (
    isRecord(value) &&
    typeof value['aggregateType'] === 'string' &&
    typeof value['aggregateId'] === 'string'
  ) {
    const version = Number(value['aggregateVersion']);
    if (Number.isSafeInteger(version) && version > 0)
      own.push({ aggregateType: value['aggregateType'], aggregateId: value['aggregateId'], version });
  }
  const nested = children.flatMap((child) => changesInDeadLetter(child, depth + 1));
  const seen = new Set<string>();
  return [...own, ...nested].filter((c) => {
    const key = `${c.aggregateType}#${c.aggregateId}#${c.version}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
