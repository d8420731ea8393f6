import { err, ok, type Result } from '@outflow/core-domain';

/** An inclusive range of IPv4 (4 bytes) or IPv6 (16 bytes) addresses. */
export interface IpRange {
  readonly min: readonly number[];
  readonly max: readonly number[];
}

// Same pre-checks as aws/event-ruler (CIDR.java): anything else is not treated as an address.
const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;
const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

const parseIpv4 = (text: string): number[] | undefined => {
  const octets = text.split('.').map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
};

const parseGroups = (text: string): number[] | undefined => {
  if (text === '') return [];
  const groups = text.split(':');
  return groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))
    ? groups.map((group) => parseInt(group, 16))
    : undefined;
};

const parseIpv6 = (text: string): number[] | undefined => {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const bytes = groups.flatMap((group) => [group >> 8, group & 0xff]);
  // Java's InetAddress (which event-ruler uses) turns IPv4-mapped IPv6 addresses into IPv4 ones.
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
};

/** The bytes of an IPv4 or IPv6 address literal, or undefined when `text` is not one. */
export const parseIpAddress = (text: string): number[] | undefined => {
  if (IPV4.test(text)) return parseIpv4(text);
  if (IPV6.test(text)) return parseIpv6(text);
  return undefined;
};

/** The range a CIDR block covers, or the reason it is malformed. */
export const parseCidr = (text: string): Result<IpRange, string> => {
  const parts = text.split('/');
  if (parts.length !== 2)
    return err(`"cidr" expects one "/" between address and mask bits, e.g. "10.0.0.0/24", got "${text}"`);
  if (!/^\d+$/.test(parts[1]))
    return err(`"cidr" mask bits must be a non-negative integer, got "${parts[1]}"`);
  const bytes = parseIpAddress(parts[0]);
  if (bytes === undefined) return err(`"cidr" address "${parts[0]}" is not an IPv4 or IPv6 address`);
  const bits = Number(parts[1]);
  const width = bytes.length * 8;
  // event-ruler rejects /32 (IPv4) and /128 (IPv6): a single address is written without a mask.
  if (bits >= width)
    return err(`"cidr" mask bits must be below ${width} for ${width === 32 ? 'IPv4' : 'IPv6'}, got ${bits}`);
  const hostBits = (index: number) => Math.min(8, Math.max(0, (index + 1) * 8 - bits));
  return ok({
    min: bytes.map((b, i) => b & (0xff << hostBits(i)) & 0xff),
    max: bytes.map((b, i) => b | ((1 << hostBits(i)) - 1)),
  });
};

/** A range holding exactly one address. */
export const singleAddress = (bytes: readonly number[]): IpRange => ({ min: bytes, max: bytes });

const compare = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};

/** Whether the address (bytes) lies inside the range; IPv4 never matches an IPv6 range or vice versa. */
export const inIpRange = (address: readonly number[], range: IpRange): boolean =>
  address.length === range.min.length && compare(address, range.min) >= 0 && compare(address, range.max) <= 0;
