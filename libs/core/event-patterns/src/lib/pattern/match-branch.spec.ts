import { compileEventPattern } from './compile-event-pattern';
import { flattenEvent } from './flatten-event';

const orders = {
  lines: [
    { sku: 'A', qty: 1, gift: true },
    { sku: 'B', qty: 5 },
  ],
};

describe('Function: matchesBranch (through compileEventPattern)', () => {
  it('takes the fields of one match from the same array element', () => {
    // Prepare
    const sameLine = compileEventPattern({ lines: { sku: ['B'], qty: [5] } });
    const acrossLines = compileEventPattern({ lines: { sku: ['A'], qty: [5] } });
    // Act + Assess
    expect(sameLine.matches(orders)).toBe(true);
    expect(acrossLines.matches(orders)).toBe(false);
  });

  it('backtracks to another element when the first candidate fails a later field', () => {
    // Prepare: both lines have a sku; only line B has qty > 2.
    const rule = compileEventPattern({ lines: { qty: [{ numeric: ['>', 2] }], sku: [{ prefix: '' }] } });
    // Act + Assess
    expect(rule.matches(orders)).toBe(true);
  });

  it('reads exists:false against the element chosen for the fields before it (path order)', () => {
    // Prepare: event-ruler walks a rule's fields in sorted path order.
    const giftlessB = compileEventPattern({ lines: { sku: ['B'], zz: [{ exists: false }] } });
    const noGiftAnywhere = compileEventPattern({ lines: { gift: [{ exists: false }] } });
    const giftlessLine = compileEventPattern({
      lines: { qty: [5], zz: [{ exists: false }], gift: [{ exists: false }] },
    });
    // Act + Assess
    expect(giftlessB.matches(orders)).toBe(true);
    expect(noGiftAnywhere.matches(orders)).toBe(false);
    // "gift" sorts before "qty": its absence is checked before any line is chosen, so line A's gift counts.
    expect(giftlessLine.matches(orders)).toBe(false);
  });

  it('lets a field be absent or match, when the list has exists:false and a value', () => {
    const rule = compileEventPattern({ detail: { state: [{ exists: false }, 'on'] } });
    expect(
      [{ detail: {} }, { detail: { state: 'on' } }, { detail: { state: 'off' } }].map((e) => rule.matches(e)),
    ).toEqual([true, true, false]);
  });

  it('treats an event that is not an object as having no fields', () => {
    const rule = compileEventPattern({ a: [{ exists: false }] });
    expect([
      rule.matches([{ a: 1 }]),
      rule.matches('a'),
      compileEventPattern({ a: ['1'] }).matches(null),
    ]).toEqual([true, true, false]);
  });
});

describe('Function: flattenEvent', () => {
  it('joins keys with dots, skips empty containers and records array positions', () => {
    // Act
    const fields = flattenEvent({ a: { 'b.c': [1, [2]] }, e: [], o: {} });
    // Assess
    expect([...fields.keys()]).toEqual(['a.b.c']);
    expect(fields.get('a.b.c')?.map((leaf) => leaf.arrays)).toEqual([
      [[0, 0]],
      [
        [0, 1],
        [1, 0],
      ],
    ]);
  });
});
