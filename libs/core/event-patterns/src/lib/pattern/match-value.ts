import type { EventLeaf } from './flatten-event';
import { endsWithIgnoringCase, equalsIgnoringCase, startsWithIgnoringCase } from './ignore-case';
import { inIpRange, type IpRange, parseIpAddress } from './ip-address';
import { isJsonNumber, numberText } from './numbers';
import type { NumericBound, ValueMatcher } from './pattern.types';
import { matchesWildcard } from './wildcard';

const above = (millionths: number, bound?: NumericBound) =>
  bound === undefined || (bound.inclusive ? millionths >= bound.millionths : millionths > bound.millionths);
const below = (millionths: number, bound?: NumericBound) =>
  bound === undefined || (bound.inclusive ? millionths <= bound.millionths : millionths < bound.millionths);

const isAddressIn = (value: string, range: IpRange) => {
  const address = parseIpAddress(value);
  return address !== undefined && inIpRange(address, range);
};

/** String operators only ever match string values (a number 12 has no prefix "1"). */
const matchesString = (matcher: ValueMatcher, value: string): boolean => {
  switch (matcher.kind) {
    case 'string':
      return (
        value === matcher.value || (matcher.address !== undefined && isAddressIn(value, matcher.address))
      );
    case 'prefix':
      return value.startsWith(matcher.value);
    case 'prefix-ignore-case':
      return startsWithIgnoringCase(matcher.text, value);
    case 'suffix':
      return value.endsWith(matcher.value);
    case 'suffix-ignore-case':
      return endsWithIgnoringCase(matcher.text, value);
    case 'equals-ignore-case':
      return equalsIgnoringCase(matcher.text, value);
    case 'wildcard':
      return matchesWildcard(matcher.wildcard, value);
    case 'cidr':
      return isAddressIn(value, matcher.range);
    default:
      return false;
  }
};

/** Whether one leaf value of an event satisfies one matcher of a field condition. */
export const matchesValue = (matcher: ValueMatcher, leaf: EventLeaf): boolean => {
  const { value } = leaf;
  switch (matcher.kind) {
    case 'exists':
      return true;
    case 'anything-but':
      return !matcher.excluded.some((excluded) => matchesValue(excluded, leaf));
    case 'literal':
      return value === matcher.value;
    case 'number':
      if (!isJsonNumber(value)) return false;
      // Comparable numbers compare exactly (300 = 3.0e2); others by their exact text, as event-ruler does.
      return matcher.millionths !== undefined && leaf.millionths !== undefined
        ? matcher.millionths === leaf.millionths
        : numberText(value) === numberText(matcher.value);
    case 'numeric':
      return (
        leaf.millionths !== undefined &&
        above(leaf.millionths, matcher.lower) &&
        below(leaf.millionths, matcher.upper)
      );
    default:
      return typeof value === 'string' && matchesString(matcher, value);
  }
};
