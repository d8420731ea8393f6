import { createHash } from 'node:crypto';
import { ValidationError } from '@outflow/core-domain';
import { MAX_LIST_LIMIT, type ProjectionListQuery } from './projection-store.port';

/**
 * The canonical JSON text of plain data: object keys sorted (by UTF-16 code units), no
 * whitespace, `undefined` members left out, numbers as JSON writes them. Equal data gives equal
 * text whatever the key order, which is what a stable hash needs.
 *
 * @throws TypeError for what JSON cannot hold exactly (bigint, non-finite numbers, functions).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
}

/** Lowercase hex SHA-256 of `canonicalJson(kept)`: the `hash` of a `ProjectionEntry`. */
export const projectionHash = (kept: unknown): string =>
  createHash('sha256').update(canonicalJson(kept), 'utf8').digest('hex');

/**
 * Checks a `ProjectionStore.list` query, for implementations.
 * @throws ValidationError naming `limit` or `cursor`.
 */
export function checkListQuery(query: ProjectionListQuery): void {
  const issues = [];
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_LIST_LIMIT)
    issues.push({
      path: 'limit',
      message: `expected an integer from 1 to ${MAX_LIST_LIMIT}, got ${query.limit}`,
    });
  if (query.cursor !== undefined && (typeof query.cursor !== 'string' || query.cursor === ''))
    issues.push({ path: 'cursor', message: 'expected the nextCursor of a previous page' });
  if (issues.length > 0) throw new ValidationError('projection list query', issues);
}
