/**
 * Alias APIs: `POST _aliases` (actions `add`, `remove`, `remove_index`), put alias (path or body
 * gives index and name; `filter`, `routing`, `index_routing`, `search_routing`, `is_write_index`,
 * `is_hidden`), get alias, exists alias and delete alias.
 * Source: https://docs.opensearch.org/latest/api-reference/index-apis/alias/,
 * https://docs.opensearch.org/latest/api-reference/index-apis/update-alias/, https://docs.opensearch.org/latest/im-plugin/index-alias/.
 */
import { aliasMeta, asJson } from './cluster';
import { illegalArgument, OpenSearchError, type Json } from './errors';
import type { EmulatorState } from './document-routes';
import type { RouteRequest, RouteResponse, Router } from './router';

const ALIAS_FIELDS = new Set([
  'index',
  'indices',
  'alias',
  'aliases',
  'filter',
  'routing',
  'index_routing',
  'search_routing',
  'is_write_index',
  'is_hidden',
  'must_exist',
]);

const list = (...values: unknown[]): string[] =>
  values
    .flatMap((v) =>
      v === undefined || v === null ? [] : ([] as unknown[]).concat(v).flatMap((x) => String(x).split(',')),
    )
    .filter(Boolean);

function invalidAlias(name: string, reason: string): OpenSearchError {
  return new OpenSearchError(400, 'invalid_alias_name_exception', `Invalid alias name [${name}]: ${reason}`, {
    index: name,
  });
}

/** Adds (or replaces) an alias on every index an action names. */
function addAlias(state: EmulatorState, spec: Json): void {
  for (const key of Object.keys(spec))
    if (!ALIAS_FIELDS.has(key))
      throw new OpenSearchError(400, 'x_content_parse_exception', `[aliases] unknown field [${key}]`);
  const indices = list(spec['index'], spec['indices']);
  const aliases = list(spec['alias'], spec['aliases']);
  if (indices.length === 0)
    throw new OpenSearchError(
      400,
      'action_request_validation_exception',
      'Validation Failed: 1: index is missing;',
    );
  if (aliases.length === 0)
    throw new OpenSearchError(
      400,
      'action_request_validation_exception',
      'Validation Failed: 1: alias is missing;',
    );
  const targets = indices.flatMap((expression) => state.cluster.concreteIndices(expression));
  for (const alias of aliases) {
    if (/[\\/*?"<>| ,#:]/.test(alias) || alias.startsWith('_'))
      throw invalidAlias(alias, 'must not contain \\, /, *, ?, ", <, >, |, space, comma, # or :');
    if (state.cluster.indices.has(alias))
      throw invalidAlias(alias, 'an index or data stream exists with the same name as the alias');
    for (const index of targets) index.aliases.set(alias, aliasMeta(spec));
  }
}

function removeAlias(state: EmulatorState, spec: Json): void {
  const aliases = list(spec['alias'], spec['aliases']);
  const targets = list(spec['index'], spec['indices']).flatMap((expression) =>
    state.cluster.concreteIndices(expression),
  );
  let removed = 0;
  for (const index of targets) for (const alias of aliases) removed += index.aliases.delete(alias) ? 1 : 0;
  if (removed === 0 && spec['must_exist'] !== false) {
    throw new OpenSearchError(404, 'aliases_not_found_exception', `aliases [${aliases.join(',')}] missing`, {
      'resource.type': 'aliases',
      'resource.id': aliases.join(','),
    });
  }
}

function updateAliases(state: EmulatorState, req: RouteRequest): RouteResponse {
  const actions = req.json()['actions'];
  if (!Array.isArray(actions) || actions.length === 0)
    throw new OpenSearchError(
      400,
      'action_request_validation_exception',
      'Validation Failed: 1: no actions specified;',
    );
  for (const action of actions as Json[]) {
    const [type, spec] = Object.entries(action)[0] ?? [];
    if (type === 'add') addAlias(state, asJson(spec));
    else if (type === 'remove') removeAlias(state, asJson(spec));
    else if (type === 'remove_index')
      for (const index of state.cluster.concreteIndices(String(asJson(spec)['index'])))
        state.cluster.indices.delete(index.name);
    else throw illegalArgument(`alias action [${String(type)}] is not supported by the local emulator`);
  }
  return { status: 200, body: { acknowledged: true } };
}

function getAliases(
  state: EmulatorState,
  indexExpression: string | undefined,
  name: string | undefined,
): RouteResponse {
  const names = name === undefined ? undefined : list(name);
  const out: Json = {};
  let found = 0;
  const indices = indexExpression
    ? state.cluster.concreteIndices(indexExpression)
    : [...state.cluster.indices.values()];
  for (const index of indices) {
    const aliases = [...index.aliases].filter(
      ([alias]) => !names || names.includes(alias) || names.includes('*'),
    );
    found += aliases.length;
    if (aliases.length > 0 || !names) out[index.name] = { aliases: Object.fromEntries(aliases) };
  }
  if (names && found === 0)
    return { status: 404, body: { error: `alias [${names.join(',')}] missing`, status: 404 } };
  return { status: 200, body: out };
}

/** Registers the alias routes. */
export function aliasRoutes(router: Router, state: EmulatorState): void {
  const put = (req: RouteRequest): RouteResponse => {
    const body = req.json();
    const spec = {
      ...body,
      index: body['index'] ?? req.params['index'],
      alias: body['alias'] ?? req.params['name'],
    };
    addAlias(state, spec);
    return { status: 200, body: { acknowledged: true } };
  };
  for (const path of [
    '/{index}/_alias/{name}',
    '/{index}/_aliases/{name}',
    '/_alias/{name}',
    '/_alias',
    '/{index}/_alias',
  ])
    router.add(`PUT|POST ${path}`, put);
  router.add('POST /_aliases', (req) => updateAliases(state, req));
  router
    .add('GET /_alias', () => getAliases(state, undefined, undefined))
    .add('GET /_alias/{name}', (req) => getAliases(state, undefined, req.params['name']))
    .add('GET /{index}/_alias', (req) => getAliases(state, req.params['index'], undefined))
    .add('GET /{index}/_alias/{name}', (req) => getAliases(state, req.params['index'], req.params['name']));
  const exists = (req: RouteRequest): RouteResponse => ({
    status: getAliases(state, req.params['index'], req.params['name']).status,
  });
  router.add('HEAD /_alias/{name}', exists).add('HEAD /{index}/_alias/{name}', exists);
  const remove = (req: RouteRequest): RouteResponse => {
    removeAlias(state, { index: req.params['index'], alias: req.params['name'] });
    return { status: 200, body: { acknowledged: true } };
  };
  router.add('DELETE /{index}/_alias/{name}', remove).add('DELETE /{index}/_aliases/{name}', remove);
}
