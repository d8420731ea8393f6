import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { utf8Bytes } from '@outflow/core-domain';

/**
 * DynamoDB's size of a number: about 1 byte per 2 significant digits (leading and trailing zeros
 * trimmed) + 1 byte, rounded up so the estimate never falls short.
 */
const numberBytes = (text: string): number => {
  const digits = text
    .replace(/[eE].*$/, '')
    .replace(/[^0-9]/g, '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(digits.length / 2) + 1;
};

const listBytes = (values: readonly AttributeValue[]): number =>
  3 + values.reduce((sum, value) => sum + 1 + valueBytes(value), 0);

/** The size of one attribute value, as DynamoDB counts it (see {@link itemBytes}). */
const valueBytes = (value: AttributeValue): number => {
  if (value.S !== undefined) return utf8Bytes(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + utf8Bytes(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + numberBytes(n), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.length, 0);
  if (value.L !== undefined) return listBytes(value.L);
  if (value.M !== undefined)
    return (
      3 + Object.entries(value.M).reduce((sum, [name, v]) => sum + utf8Bytes(name) + 1 + valueBytes(v), 0)
    );
  return 0;
};

/**
 * The size of an item as DynamoDB counts it against its 400 KB limit
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * the UTF-8 bytes of every attribute name plus its value — strings in UTF-8 bytes, numbers about
 * 1 byte per 2 significant digits + 1, binary raw bytes, booleans and null 1 byte, a List or Map
 * 3 bytes plus its elements plus 1 byte per element (a Map's element counts its name too).
 */
export const itemBytes = (item: Readonly<Record<string, AttributeValue>>): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + utf8Bytes(name) + valueBytes(value), 0);
