/**
 * Reading a field of a document the way OpenSearch's mappings see it: dotted paths through
 * objects and arrays, and the mapped type of a path (`text`, `keyword`, `date`, numbers).
 * Source: https://docs.opensearch.org/latest/field-types/ (object fields, arrays, dates).
 */
import type { Json } from './errors';

/** Every value at a dotted path (`items.sku`), arrays flattened; `[]` when absent. */
export function fieldValues(source: unknown, path: string): unknown[] {
  if (source === undefined || source === null) return [];
  if (Array.isArray(source)) return source.flatMap((item) => fieldValues(item, path));
  if (path === '') return [source];
  if (typeof source !== 'object') return [];
  const record = source as Json;
  if (path in record) return fieldValues(record[path], '');
  const dot = path.indexOf('.');
  if (dot < 0) return [];
  return fieldValues(record[path.slice(0, dot)], path.slice(dot + 1));
}

/** The mapped `type` of a dotted path (following `properties`), or undefined when unmapped. */
export function mappedType(mappings: Json, path: string): string | undefined {
  let properties = mappings['properties'] as Json | undefined;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i += 1) {
    const field = properties?.[parts[i] as string] as Json | undefined;
    if (!field) return undefined;
    if (i === parts.length - 1) return (field['type'] as string | undefined) ?? 'object';
    properties = field['properties'] as Json | undefined;
  }
  return undefined;
}

/** A comparable form of a value: numbers and dates as numbers, others as strings. */
export function comparable(value: unknown, type: string | undefined): number | string {
  if (typeof value === 'number') return value;
  if (type === 'date' && typeof value === 'string') {
    const millis = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (!Number.isNaN(millis)) return millis;
  }
  if (typeof value === 'string' && type !== undefined && NUMERIC.has(type) && value.trim() !== '')
    return Number(value);
  return String(value);
}

const NUMERIC = new Set([
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'half_float',
  'scaled_float',
  'unsigned_long',
]);

/** Compares two comparable values (numbers before strings). */
export function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
