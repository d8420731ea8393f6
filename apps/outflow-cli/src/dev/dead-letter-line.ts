import { parseExactJson } from '@outflow/core-domain';
import type { DeadLetterEntry } from '@outflow/runtime-local';
import type { OutflowTopology } from '@outflow/topology';

/** The change a dead letter carried, when its payload can be decoded. */
interface Carried {
  readonly aggregateType?: unknown;
  readonly aggregateId?: unknown;
  readonly aggregateVersion?: unknown;
  readonly eventId?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const parsed = (text: unknown): unknown => {
  if (typeof text !== 'string') return undefined;
  try {
    return parseExactJson(text);
  } catch {
    return undefined;
  }
};

/** A stream record's outbox attributes (what a Pipe dead-letters), as plain values. */
function fromStreamRecord(payload: Record<string, unknown>): Carried | undefined {
  const image = (payload['dynamodb'] as { NewImage?: Record<string, Record<string, string>> } | undefined)
    ?.NewImage;
  if (!image) return undefined;
  const value = (name: string) => image[name]?.['S'] ?? image[name]?.['N'];
  return {
    aggregateType: value('outboxAggregateType'),
    aggregateId: value('outboxAggregateId'),
    aggregateVersion: value('outboxAggregateVersion'),
    eventId: value('outboxEventId'),
  };
}

/** Finds the change in a queue message (`body`, maybe `{"detail": …}`), a bus event (`detail`) or a stream record. */
function carried(payload: unknown): Carried | undefined {
  if (!isObject(payload)) return undefined;
  const body = parsed(payload['body']);
  const candidates = [payload, payload['detail'], body, isObject(body) ? body['detail'] : undefined];
  const found = candidates.find((c) => isObject(c) && c['aggregateId'] !== undefined);
  return (found as Carried | undefined) ?? fromStreamRecord(payload);
}

/** The subscription (or source) a DLQ belongs to: `queue:<name>.fifo`, `queue:<name>-buffer`, `rule:<name>` → `<name>`. */
function ownerOf(from: string, topology: OutflowTopology): string | undefined {
  const resource = from.slice(from.indexOf(':') + 1);
  const names = [...topology.subscriptions.map((s) => s.name), ...topology.sources.map((s) => s.name)];
  return names
    .filter((name) => resource === name || resource.startsWith(`${name}-`) || resource.startsWith(`${name}.`))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * One line for a change moved to a DLQ, e.g.
 * `dead letter: <subscription> (queue:<name>.fifo) order o-1 version 3 (event e-1): <reason>`.
 */
export function formatDeadLetter(entry: DeadLetterEntry, topology: OutflowTopology): string {
  const owner = ownerOf(entry.from, topology);
  const change = carried(entry.payload);
  const order =
    change && change.aggregateId !== undefined
      ? `${String(change.aggregateType ?? 'aggregate')} ${String(change.aggregateId)}` +
        (change.aggregateVersion === undefined ? '' : ` version ${String(change.aggregateVersion)}`) +
        (change.eventId === undefined ? '' : ` (event ${String(change.eventId)})`)
      : 'a change that could not be decoded';
  return `dead letter: ${owner ? `${owner} (${entry.from})` : entry.from} ${order}: ${entry.reason}`;
}
