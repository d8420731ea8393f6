/**
 * The REST API calls of OpenSearch's YAML tests (`do: { <api>: params }`) the emulator supports,
 * turned into HTTP requests as `rest-api-spec/api/<api>.json` defines their paths: path parts come
 * from the params, `body` is the request body, every other param is a query-string parameter.
 */

/** An HTTP request built from a YAML `do` step. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** JSON value, or NDJSON text for `_bulk`. */
  readonly body?: unknown;
  readonly ndjson: boolean;
}

type Params = Record<string, unknown>;
type PathOf = (p: Params) => [method: string, path: string];

const part = (value: unknown): string | undefined =>
  value === undefined || value === null
    ? undefined
    : encodeURIComponent(Array.isArray(value) ? value.join(',') : String(value));
const opt = (value: unknown): string => (part(value) === undefined ? '' : `/${part(value)}`);

const APIS: Record<string, PathOf> = {
  index: (p) =>
    p['id'] === undefined
      ? ['POST', `/${part(p['index'])}/_doc`]
      : ['PUT', `/${part(p['index'])}/_doc/${part(p['id'])}`],
  create: (p) => ['PUT', `/${part(p['index'])}/_create/${part(p['id'])}`],
  get: (p) => ['GET', `/${part(p['index'])}/_doc/${part(p['id'])}`],
  delete: (p) => ['DELETE', `/${part(p['index'])}/_doc/${part(p['id'])}`],
  bulk: (p) => ['POST', `${opt(p['index'])}/_bulk`],
  mget: (p) => ['POST', `${opt(p['index'])}/_mget`],
  count: (p) => ['POST', `${opt(p['index'])}/_count`],
  search: (p) => ['POST', `${opt(p['index'])}/_search`],
  create_pit: (p) => ['POST', `/${part(p['index'])}/_search/point_in_time`],
  delete_pit: () => ['DELETE', '/_search/point_in_time'],
  delete_all_pits: () => ['DELETE', '/_search/point_in_time/_all'],
  'indices.create': (p) => ['PUT', `/${part(p['index'])}`],
  'indices.get': (p) => ['GET', `/${part(p['index'])}`],
  'indices.exists': (p) => ['HEAD', `/${part(p['index'])}`],
  'indices.delete': (p) => ['DELETE', `/${part(p['index'])}`],
  'indices.refresh': (p) => ['POST', `${opt(p['index'])}/_refresh`],
  'indices.put_settings': (p) => ['PUT', `/${part(p['index'])}/_settings`],
  'indices.put_alias': (p) => ['PUT', `${opt(p['index'])}/_alias${opt(p['name'])}`],
  'indices.get_alias': (p) => ['GET', `${opt(p['index'])}/_alias${opt(p['name'])}`],
  'indices.exists_alias': (p) => ['HEAD', `${opt(p['index'])}/_alias${opt(p['name'])}`],
  'indices.delete_alias': (p) => ['DELETE', `/${part(p['index'])}/_alias/${part(p['name'])}`],
  'indices.update_aliases': () => ['POST', '/_aliases'],
  'indices.put_index_template': (p) => ['PUT', `/_index_template/${part(p['name'])}`],
  'indices.get_index_template': (p) => ['GET', `/_index_template${opt(p['name'])}`],
  'indices.exists_index_template': (p) => ['HEAD', `/_index_template/${part(p['name'])}`],
  'indices.delete_index_template': (p) => ['DELETE', `/_index_template/${part(p['name'])}`],
};

const PATH_PARTS = new Set(['index', 'id', 'name', 'body', 'ignore']);

/** Builds the HTTP request of a `do` step; throws for an API the runner does not know. */
export function apiRequest(api: string, params: Params): ApiRequest {
  const pathOf = APIS[api];
  if (!pathOf)
    throw new Error(
      `YAML runner: API [${api}] is not mapped (add it to test/yaml-runner/api.ts or leave the case out)`,
    );
  const [method, path] = pathOf(params);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (PATH_PARTS.has(key) || value === undefined || value === null) continue;
    query.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const ndjson = api === 'bulk';
  const raw = params['body'];
  const body =
    ndjson && Array.isArray(raw)
      ? raw.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n'
      : raw;
  return { method, path: path || '/', query, body, ndjson };
}
