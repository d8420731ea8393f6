import { isRecord } from '@outflow/core-domain';
import { caseInsensitive } from './ignore-case';
import { parseCidr } from './ip-address';
import { parseAnythingBut } from './parse-anything-but';
import { parseNumeric } from './parse-numeric';
import type { ValueMatcher } from './pattern.types';
import { reject, shown } from './reject';
import { parseWildcard } from './wildcard';

/** Operators are case-sensitive: "NUMERIC" or "EXISTS" are rejected like any unknown name. */
export const OPERATORS = [
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
];

/** `{"exists": false}` is not a value matcher: it lets the field be absent. */
export const ABSENT = 'absent';

const text = (path: string, operator: string, value: unknown): string =>
  typeof value === 'string' ? value : reject(path, `"${operator}" expects a string, got ${shown(value)}`);

/** `prefix`/`suffix` take a string or `{"equals-ignore-case": string}`. */
const affix = (path: string, operator: 'prefix' | 'suffix', value: unknown): ValueMatcher => {
  if (typeof value === 'string') return { kind: operator, value };
  const keys = isRecord(value) ? Object.keys(value) : [];
  if (
    keys.length !== 1 ||
    keys[0] !== 'equals-ignore-case' ||
    typeof (value as Record<string, unknown>)[keys[0]] !== 'string'
  ) {
    return reject(
      path,
      `"${operator}" expects a string or {"equals-ignore-case": string}, got ${shown(value)}`,
    );
  }
  const folded = caseInsensitive((value as Record<string, string>)['equals-ignore-case']);
  return operator === 'prefix'
    ? { kind: 'prefix-ignore-case', text: folded }
    : { kind: 'suffix-ignore-case', text: folded };
};

/** Parses one operator object of a field's value list, e.g. `{"prefix": "us-"}`. */
export const parseOperator = (
  path: string,
  expression: Record<string, unknown>,
): ValueMatcher | typeof ABSENT => {
  const names = Object.keys(expression);
  if (names.length !== 1) {
    return reject(
      path,
      `an operator object holds exactly one operator, got ${names.length === 0 ? 'none' : names.map((n) => `"${n}"`).join(', ')}`,
    );
  }
  const [operator] = names;
  const value = expression[operator];
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return affix(path, operator, value);
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', text: caseInsensitive(text(path, operator, value)) };
    case 'wildcard': {
      const wildcard = parseWildcard(text(path, operator, value));
      return wildcard.ok ? { kind: 'wildcard', wildcard: wildcard.value } : reject(path, wildcard.error);
    }
    case 'numeric':
      return parseNumeric(path, value);
    case 'anything-but':
      return parseAnythingBut(path, value);
    case 'exists':
      if (typeof value !== 'boolean')
        return reject(path, `"exists" expects true or false, got ${shown(value)}`);
      return value ? { kind: 'exists' } : ABSENT;
    case 'cidr': {
      const range = parseCidr(text(path, operator, value));
      return range.ok ? { kind: 'cidr', range: range.value } : reject(path, range.error);
    }
    default:
      return reject(
        path,
        `unknown operator "${operator}"; operators are case-sensitive: ${OPERATORS.map((o) => `"${o}"`).join(', ')}`,
      );
  }
};
