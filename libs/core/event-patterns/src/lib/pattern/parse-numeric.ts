import { COMPARABLE_LIMITS, isJsonNumber, toComparable } from './numbers';
import type { NumericBound, ValueMatcher } from './pattern.types';
import { reject, shown } from './reject';

const SHAPE = '"numeric" expects pairs of operator and number, e.g. [">", 0, "<=", 5] or ["=", 3.5]';
const LOWER = new Set(['>', '>=']);
const UPPER = new Set(['<', '<=']);

const bound = (path: string, operator: unknown, operand: unknown): NumericBound => {
  if (!isJsonNumber(operand)) return reject(path, SHAPE);
  const millionths = toComparable(operand);
  if (millionths === undefined) {
    return reject(
      path,
      `"numeric" operand of "${String(operator)}" must be ${COMPARABLE_LIMITS}, got ${shown(operand)}`,
    );
  }
  return { millionths, inclusive: operator === '>=' || operator === '<=' || operator === '=' };
};

/**
 * `{"numeric": [...]}` as event-ruler accepts it: `["=", n]`, one lower bound (`>`/`>=`), one
 * upper bound (`<`/`<=`), or a lower bound followed by an upper bound that lies above it.
 */
export const parseNumeric = (path: string, terms: unknown): ValueMatcher => {
  if (!Array.isArray(terms) || terms.length === 0 || terms.length % 2 !== 0 || terms.length > 4) {
    return reject(path, SHAPE);
  }
  const [first, firstOperand, second, secondOperand] = terms;
  if (first === '=') {
    if (terms.length !== 2)
      return reject(path, `"numeric" with "=" takes exactly one number, e.g. ["=", 3.5]`);
    const exact = bound(path, first, firstOperand);
    return { kind: 'numeric', lower: exact, upper: exact };
  }
  if (UPPER.has(first as string)) {
    if (terms.length !== 2)
      return reject(
        path,
        `"numeric" upper bound "${String(first)}" must come last: write the lower bound first`,
      );
    return { kind: 'numeric', upper: bound(path, first, firstOperand) };
  }
  if (!LOWER.has(first as string)) {
    return reject(path, `"numeric" operator must be one of "=", "<", "<=", ">", ">=", got ${shown(first)}`);
  }
  const lower = bound(path, first, firstOperand);
  if (terms.length === 2) return { kind: 'numeric', lower };
  if (!UPPER.has(second as string)) {
    return reject(
      path,
      `"numeric" range needs an upper bound ("<" or "<=") after the lower bound, got ${shown(second)}`,
    );
  }
  const upper = bound(path, second, secondOperand);
  if (lower.millionths >= upper.millionths) {
    return reject(
      path,
      `"numeric" range is empty: lower bound ${shown(firstOperand)} must be below upper bound ${shown(secondOperand)}`,
    );
  }
  return { kind: 'numeric', lower, upper };
};
