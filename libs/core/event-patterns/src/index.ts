export * from './lib/errors';
export * from './lib/pattern/compile-event-pattern';
export type { PipeContext } from './lib/template/pipe-context';
export * from './lib/template/render-input-template';
export { decodePayload } from './lib/template/decode-payload';
export { parseJsonPath, resolvePath, type PathStep } from './lib/template/json-path';
