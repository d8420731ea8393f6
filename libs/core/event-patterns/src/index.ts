export * from './lib/errors';
export type { ArrayPosition, EventLeaf, FlattenedEvent } from './lib/pattern/flatten-event';
export { flattenEvent } from './lib/pattern/flatten-event';
export type {
  FieldCondition,
  JsonLeaf,
  NumericBound,
  PatternBranch,
  ValueMatcher,
} from './lib/pattern/pattern.types';
export * from './lib/pattern/compile-event-pattern';
export { MAX_WILDCARD_COMPLEXITY } from './lib/pattern/parse-pattern';
export type { PipeContext, ReservedVariable } from './lib/template/pipe-context';
export { RESERVED_VARIABLES } from './lib/template/pipe-context';
export { MAX_TEMPLATE_LENGTH } from './lib/template/parse-template';
export * from './lib/template/render-input-template';
export { decodePayload, type DecodedEvent } from './lib/template/decode-payload';
export { parseJsonPath, resolvePath, type PathStep, type Resolved } from './lib/template/json-path';
