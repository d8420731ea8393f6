import { inIpRange, parseCidr, parseIpAddress } from './ip-address';

describe('Function: parseIpAddress', () => {
  it.each([
    ['10.0.0.255', [10, 0, 0, 255]],
    ['2001:db8::1', [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1]],
    ['::', new Array(16).fill(0)],
    ['::ffff:0a00:0001', [10, 0, 0, 1]],
  ])('reads %s', (text, bytes) => {
    expect(parseIpAddress(text)).toEqual(bytes);
  });

  it.each([
    ['10.0.0.256'],
    ['1.2.3'],
    ['hello'],
    ['1::2::3'],
    ['1:2:3:4:5:6:7:8:9'],
    ['12345::1'],
    ['1:2:3:4:5:6:7'],
  ])('does not take %s for an address', (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
  });
});

describe('Function: parseCidr', () => {
  it('covers the whole block even when the pattern sets host bits', () => {
    // Act
    const range = parseCidr('220.160.154.255/24');
    // Assess
    expect(range).toEqual({ ok: true, value: { min: [220, 160, 154, 0], max: [220, 160, 154, 255] } });
  });

  it('matches IPv6 addresses inside a /64 and nothing of the other family', () => {
    // Prepare
    const range = parseCidr('2001:db8:1234:1a00::/64');
    if (!range.ok) throw new Error(range.error);
    // Act + Assess
    expect(inIpRange(parseIpAddress('2001:db8:1234:1a00:ffff::1') ?? [], range.value)).toBe(true);
    expect(inIpRange(parseIpAddress('2001:db8:1234:1a01::') ?? [], range.value)).toBe(false);
    expect(inIpRange([10, 0, 0, 1], range.value)).toBe(false);
  });

  it.each([
    ['10.0.0.0', 'expects one "/" between address and mask bits'],
    ['10.0.0.0/x', 'mask bits must be a non-negative integer, got "x"'],
    ['10.0.0.0/32', 'mask bits must be below 32 for IPv4, got 32'],
    ['::/128', 'mask bits must be below 128 for IPv6, got 128'],
    ['host.example/8', 'address "host.example" is not an IPv4 or IPv6 address'],
  ])('rejects %s, saying %s', (text, reason) => {
    const range = parseCidr(text);
    expect(range.ok ? 'accepted' : range.error).toContain(reason);
  });
});
