import { isRecord } from '@outflow/core-domain';
import { caseInsensitive } from './ignore-case';
import { COMPARABLE_LIMITS, isJsonNumber, toComparable, type JsonNumber } from './numbers';
import type { ValueMatcher } from './pattern.types';
import { reject, shown } from './reject';
import { parseWildcard } from './wildcard';

const SHAPE =
  '"anything-but" expects a string, a number, a list of only strings or only numbers, ' +
  'or one of {"prefix"|"suffix"|"equals-ignore-case"|"wildcard": string or list of strings}';
const NESTED = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'];

const excludedNumber = (path: string, value: JsonNumber): ValueMatcher => {
  const millionths = toComparable(value);
  if (millionths === undefined)
    return reject(path, `"anything-but" numbers must be ${COMPARABLE_LIMITS}, got ${shown(value)}`);
  return { kind: 'number', value, millionths };
};

const excludedValues = (path: string, values: unknown): ValueMatcher[] => {
  const list = Array.isArray(values) ? values : [values];
  if (list.length === 0) return reject(path, `"anything-but" list must not be empty`);
  if (list.every((value) => typeof value === 'string'))
    return list.map((value) => ({ kind: 'string', value }));
  if (list.every(isJsonNumber)) return list.map((value) => excludedNumber(path, value));
  return reject(
    path,
    Array.isArray(values)
      ? `${SHAPE}; mixed or null/boolean lists are not allowed, got ${shown(values)}`
      : SHAPE,
  );
};

const nestedMatcher = (path: string, operator: string, value: string): ValueMatcher => {
  switch (operator) {
    case 'prefix':
    case 'suffix':
      if (value === '') return reject(path, `"anything-but" "${operator}" must not be empty`);
      return { kind: operator as 'prefix' | 'suffix', value };
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', text: caseInsensitive(value) };
    default: {
      const wildcard = parseWildcard(value);
      return wildcard.ok
        ? { kind: 'wildcard', wildcard: wildcard.value }
        : reject(path, `"anything-but" ${wildcard.error}`);
    }
  }
};

const nestedValues = (path: string, spec: Record<string, unknown>): ValueMatcher[] => {
  const keys = Object.keys(spec);
  if (keys.length !== 1 || !NESTED.includes(keys[0])) {
    return reject(
      path,
      `"anything-but" object takes exactly one of ${NESTED.map((k) => `"${k}"`).join(', ')}, got ${shown(spec)}`,
    );
  }
  const [operator] = keys;
  const values = spec[operator];
  const list = Array.isArray(values) ? values : [values];
  if (list.length === 0) return reject(path, `"anything-but" "${operator}" list must not be empty`);
  if (!list.every((value): value is string => typeof value === 'string')) {
    return reject(
      path,
      `"anything-but" "${operator}" expects a string or a list of strings, got ${shown(values)}`,
    );
  }
  return list.map((value) => nestedMatcher(path, operator, value));
};

/** `{"anything-but": …}`: matches any leaf value (null included) that none of the exclusions match. */
export const parseAnythingBut = (path: string, spec: unknown): ValueMatcher => {
  if (isRecord(spec)) return { kind: 'anything-but', excluded: nestedValues(path, spec) };
  if (spec === null || typeof spec === 'boolean') return reject(path, SHAPE);
  return { kind: 'anything-but', excluded: excludedValues(path, spec) };
};
