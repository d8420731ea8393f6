import { itemBytes } from './item-size';

/** Sizes from "DynamoDB item sizes and formats" (CapacityUnitCalculations.html). */
describe('Function: itemBytes', () => {
  it.each([
    ['a string: name + UTF-8 bytes', { name: { S: 'héllo' } }, 4 + 6],
    ['a number: name + 1 byte per 2 significant digits + 1', { n: { N: '12345' } }, 1 + 3 + 1],
    ['a number without its leading and trailing zeros', { n: { N: '-000120.500' } }, 1 + 2 + 1],
    ['binary: raw bytes', { b: { B: new Uint8Array([1, 2, 3]) } }, 1 + 3],
    ['a boolean and a null: 1 byte each', { t: { BOOL: true }, z: { NULL: true } }, 1 + 1 + 1 + 1],
    ['sets: the sum of their elements', { ss: { SS: ['ab', 'c'] }, ns: { NS: ['1', '22'] } }, 2 + 3 + 2 + 4],
    ['an empty map: 3 bytes', { m: { M: {} } }, 1 + 3],
    [
      'a list: 3 bytes + each element + 1 byte per element',
      { l: { L: [{ S: 'ab' }, { NULL: true }] } },
      1 + 3 + 3 + 2,
    ],
    [
      'a map: 3 bytes + each element with its name + 1 byte per element',
      { m: { M: { k: { S: 'v' } } } },
      1 + 3 + 3,
    ],
  ])('counts %s', (_label, item, bytes) => {
    expect(itemBytes(item as never)).toBe(bytes);
  });
});
