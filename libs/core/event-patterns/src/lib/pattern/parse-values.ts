import { isRecord } from '@outflow/core-domain';
import { parseIpAddress, singleAddress } from './ip-address';
import { isJsonNumber, toComparable } from './numbers';
import { ABSENT, parseOperator } from './parse-operator';
import type { FieldCondition, ValueMatcher } from './pattern.types';
import { reject, shown } from './reject';

const exactValue = (path: string, value: unknown): ValueMatcher | typeof ABSENT => {
  if (typeof value === 'string') {
    // event-ruler matches a value that is an IP address as that address: "10.0.0.1" = "10.0.0.01".
    const address = parseIpAddress(value);
    return address === undefined
      ? { kind: 'string', value }
      : { kind: 'string', value, address: singleAddress(address) };
  }
  if (isJsonNumber(value)) return { kind: 'number', value, millionths: toComparable(value) };
  if (value === null || typeof value === 'boolean') return { kind: 'literal', value };
  if (isRecord(value)) return parseOperator(path, value);
  return reject(
    path,
    `values must be strings, numbers, true, false, null or operator objects, got ${shown(value)}`,
  );
};

/** The value list of one field, e.g. `["a", {"prefix": "b"}, {"exists": false}]`: any entry may match. */
export const parseValueList = (path: string, values: readonly unknown[]): FieldCondition => {
  if (values.length === 0)
    return reject(path, 'empty arrays are not allowed: list at least one value to match');
  const parsed = values.map((value) => exactValue(path, value));
  const matchers = parsed.filter((entry): entry is ValueMatcher => entry !== ABSENT);
  return { path, matchers, allowAbsent: matchers.length < parsed.length };
};
