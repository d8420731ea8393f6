/**
 * Query DSL the emulator evaluates: `bool` (must, filter, should, must_not), `term`, `terms`,
 * `match` (full text through MiniSearch), `range`, `exists`, `ids`, `match_all`, `match_none`.
 * Anything else answers 400. Source: https://docs.opensearch.org/latest/query-dsl/.
 */
import MiniSearch from 'minisearch';
import { illegalArgument, type Json } from './errors';
import { comparable, compare, fieldValues, mappedType } from './fields';
import type { StoredDoc } from './index-data';

/** A document a query is evaluated on. */
export interface Candidate {
  readonly id: string;
  readonly doc: StoredDoc;
}

/** A compiled query: which candidates match, and their scores. */
export type Matcher = (candidate: Candidate) => number | undefined;

const single = (query: Json, name: string): [string, unknown] => {
  const entries = Object.entries(query);
  if (entries.length !== 1) throw illegalArgument(`[${name}] query malformed, expected exactly one field`);
  return entries[0] as [string, unknown];
};

const unwrap = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && key in (value as Json)
    ? (value as Json)[key]
    : value;

/** Compiles a query over candidates of one index (the mappings decide text vs keyword comparisons). */
export function compileQuery(query: Json | undefined, candidates: Candidate[], mappings: Json): Matcher {
  if (!query || Object.keys(query).length === 0) return () => 1;
  const [type, body] = single(query, 'query');
  const spec = (body ?? {}) as Json;
  switch (type) {
    case 'match_all':
      return () => 1;
    case 'match_none':
      return () => undefined;
    case 'bool':
      return compileBool(spec, candidates, mappings);
    case 'term':
    case 'terms':
      return compileTerms(type, spec, mappings);
    case 'match':
      return compileMatch(spec, candidates);
    case 'range':
      return compileRange(spec, mappings);
    case 'exists':
      return ({ doc }) =>
        fieldValues(doc.source, String(spec['field'])).some((v) => v !== null) ? 1 : undefined;
    case 'ids': {
      const ids = new Set(([] as unknown[]).concat(spec['values'] ?? []).map(String));
      return ({ id }) => (ids.has(id) ? 1 : undefined);
    }
    default:
      throw illegalArgument(`query [${type}] is not supported by the local emulator`);
  }
}

function clauses(value: unknown): Json[] {
  return value === undefined ? [] : (([] as unknown[]).concat(value) as Json[]);
}

function compileBool(spec: Json, candidates: Candidate[], mappings: Json): Matcher {
  const compile = (key: string): Matcher[] =>
    clauses(spec[key]).map((q) => compileQuery(q, candidates, mappings));
  const [must, filter, should, mustNot] = ['must', 'filter', 'should', 'must_not'].map(
    compile,
  ) as Matcher[][];
  const defaultShould = should?.length && !must?.length && !filter?.length ? 1 : 0;
  const minimumShould = Number(spec['minimum_should_match'] ?? defaultShould);
  return (candidate) => {
    let score = 0;
    for (const clause of must ?? []) {
      const s = clause(candidate);
      if (s === undefined) return undefined;
      score += s;
    }
    if ((filter ?? []).some((clause) => clause(candidate) === undefined)) return undefined;
    if ((mustNot ?? []).some((clause) => clause(candidate) !== undefined)) return undefined;
    let matchedShould = 0;
    for (const clause of should ?? []) {
      const s = clause(candidate);
      if (s === undefined) continue;
      matchedShould += 1;
      score += s;
    }
    if (matchedShould < minimumShould) return undefined;
    return must?.length || should?.length ? score : 0;
  };
}

function compileTerms(type: 'term' | 'terms', spec: Json, mappings: Json): Matcher {
  const [field, raw] = single(spec, type);
  const wanted = type === 'term' ? [unwrap(raw, 'value')] : ([] as unknown[]).concat(raw);
  const fieldType = mappedType(mappings, field);
  const norm = (v: unknown): string => (fieldType === 'text' ? String(v) : String(comparable(v, fieldType)));
  const set = new Set(wanted.map(norm));
  if (field === '_id') return ({ id }) => (set.has(id) ? 1 : undefined);
  return ({ doc }) => {
    const values = fieldValues(doc.source, field);
    const tokens =
      fieldType === 'text' ? values.flatMap((v) => String(v).toLowerCase().split(/\W+/)) : values.map(norm);
    return tokens.some((t) => set.has(t)) ? 1 : undefined;
  };
}

function compileMatch(spec: Json, candidates: Candidate[]): Matcher {
  const [field, raw] = single(spec, 'match');
  const text = String(unwrap(raw, 'query'));
  const operator = String(unwrap(raw, 'operator') === raw ? 'or' : unwrap(raw, 'operator')).toLowerCase();
  const index = new MiniSearch<{ id: string; text: string }>({ fields: ['text'], idField: 'id' });
  index.addAll(
    candidates.map(({ id, doc }) => ({ id, text: fieldValues(doc.source, field).map(String).join(' ') })),
  );
  const scores = new Map<string, number>();
  for (const hit of index.search(text, { combineWith: operator === 'and' ? 'AND' : 'OR' }))
    scores.set(String(hit.id), hit.score);
  return ({ id }) => scores.get(id);
}

const RANGE_OPS: Record<string, (order: number) => boolean> = {
  gt: (order) => order > 0,
  gte: (order) => order >= 0,
  lt: (order) => order < 0,
  lte: (order) => order <= 0,
};

function compileRange(spec: Json, mappings: Json): Matcher {
  const [field, raw] = single(spec, 'range');
  const bounds = (raw ?? {}) as Json;
  const type = mappedType(mappings, field);
  const active = Object.entries(RANGE_OPS).filter(
    ([key]) => bounds[key] !== undefined && bounds[key] !== null,
  );
  const inRange = (value: unknown): boolean =>
    active.every(([key, ok]) => ok(compare(comparable(value, type), comparable(bounds[key], type))));
  return ({ doc }) => (fieldValues(doc.source, field).some((v) => v !== null && inRange(v)) ? 1 : undefined);
}
