import { isRecord } from '@outflow/core-domain';
import { isJsonNumber, toComparable } from './numbers';
import type { JsonLeaf } from './pattern.types';

/** Which element of which array (ids are per event) a leaf sits in, outermost first. */
export type ArrayPosition = readonly [arrayId: number, index: number];

/** A leaf value of an event, with what array-consistent matching needs to know about it. */
export interface EventLeaf {
  readonly value: JsonLeaf;
  /** Millionths for numbers EventBridge can compare (see numbers.ts). */
  readonly millionths?: number;
  readonly arrays: readonly ArrayPosition[];
}

/** An event as EventBridge matches it: dotted field path → leaf values (arrays add no path step). */
export type FlattenedEvent = ReadonlyMap<string, readonly EventLeaf[]>;

/**
 * Flattens an event the way aws/event-ruler does (Event.java): nested keys join with ".", array
 * elements contribute their leaves under the array's own path, empty arrays and objects contribute
 * nothing. Flatten once per event and match it against every compiled pattern.
 */
export const flattenEvent = (event: unknown): FlattenedEvent => {
  const fields = new Map<string, EventLeaf[]>();
  let nextArrayId = 0;
  const addLeaf = (path: string, leaf: EventLeaf): void => {
    const leaves = fields.get(path);
    if (leaves === undefined) fields.set(path, [leaf]);
    else leaves.push(leaf);
  };

  const visit = (value: unknown, path: string, arrays: readonly ArrayPosition[]): void => {
    if (isJsonNumber(value)) {
      addLeaf(path, { value, millionths: toComparable(value), arrays });
    } else if (Array.isArray(value)) {
      const arrayId = nextArrayId++;
      value.forEach((element, index) => visit(element, path, [...arrays, [arrayId, index]]));
    } else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value))
        visit(child, path === '' ? key : `${path}.${key}`, arrays);
    } else if (value === null || typeof value === 'string' || typeof value === 'boolean') {
      addLeaf(path, { value, arrays });
    }
  };

  // Only an object has fields; anything else can satisfy nothing but `exists: false`.
  if (isRecord(event)) visit(event, '', []);
  return fields;
};
