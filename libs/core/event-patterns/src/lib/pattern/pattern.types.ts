import type { CaseInsensitiveText } from './ignore-case';
import type { JsonNumber } from './numbers';
import type { IpRange } from './ip-address';
import type { Wildcard } from './wildcard';

/**
 * A JSON value EventBridge can compare: everything except objects and arrays. Numbers a JavaScript
 * number cannot hold arrive as exact numbers from `parseExactJson` (see numbers.ts).
 */
export type JsonLeaf = string | JsonNumber | boolean | null;

/** One end of a `numeric` range, in millionths (see numbers.ts). */
export interface NumericBound {
  readonly millionths: number;
  readonly inclusive: boolean;
}

/** One compiled entry of a field's value list; a field matches when any of its matchers does. */
export type ValueMatcher =
  | { readonly kind: 'string'; readonly value: string; readonly address?: IpRange }
  | { readonly kind: 'number'; readonly value: JsonNumber; readonly millionths?: number }
  | { readonly kind: 'literal'; readonly value: boolean | null }
  | { readonly kind: 'exists' }
  | { readonly kind: 'prefix'; readonly value: string }
  | { readonly kind: 'prefix-ignore-case'; readonly text: CaseInsensitiveText }
  | { readonly kind: 'suffix'; readonly value: string }
  | { readonly kind: 'suffix-ignore-case'; readonly text: CaseInsensitiveText }
  | { readonly kind: 'equals-ignore-case'; readonly text: CaseInsensitiveText }
  | { readonly kind: 'wildcard'; readonly wildcard: Wildcard }
  | { readonly kind: 'numeric'; readonly lower?: NumericBound; readonly upper?: NumericBound }
  | { readonly kind: 'cidr'; readonly range: IpRange }
  | { readonly kind: 'anything-but'; readonly excluded: readonly ValueMatcher[] };

/**
 * What one field (a dotted path) of a branch requires: a leaf value matching one of `matchers`,
 * or, when `allowAbsent` (`{"exists": false}` in the list), no such field at all.
 */
export interface FieldCondition {
  readonly path: string;
  readonly matchers: readonly ValueMatcher[];
  readonly allowAbsent: boolean;
}

/** One alternative of a pattern after `$or` expansion: every condition must hold. Sorted by path. */
export type PatternBranch = readonly FieldCondition[];
