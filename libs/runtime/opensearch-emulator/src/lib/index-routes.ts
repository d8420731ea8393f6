/**
 * Routes of the index APIs: create/exists/get/delete an index, update `index.gc_deletes` and other
 * settings, index templates (`_index_template`), and aliases (`_aliases` actions, put/get/exists/
 * delete alias) with filters and write indices.
 * Source: https://docs.opensearch.org/latest/api-reference/index-apis/ and
 * https://docs.opensearch.org/latest/im-plugin/index-alias/, https://docs.opensearch.org/latest/im-plugin/index-templates/.
 */
import { aliasRoutes } from './alias-routes';
import { aliasMeta, asJson } from './cluster';
import { illegalArgument, indexNotFound, OpenSearchError, type Json } from './errors';
import type { EmulatorState } from './document-routes';
import type { RouteRequest, Router } from './router';
import { flattenSettings, nestSettings } from './settings';

function describe(state: EmulatorState, expression: string): Json {
  const out: Json = {};
  for (const index of state.cluster.concreteIndices(expression)) {
    out[index.name] = {
      aliases: Object.fromEntries(index.aliases),
      mappings: index.mappings,
      settings: index.nestedSettings(),
    };
  }
  return out;
}

/** Stores a template as OpenSearch returns it: patterns as a list, settings nested as strings, aliases normalised. */
function normalizeTemplate(body: Json): Json {
  const out: Json = { ...body, index_patterns: ([] as unknown[]).concat(body['index_patterns']).map(String) };
  if (body['template'] === undefined) return out;
  const template: Json = { ...asJson(body['template']) };
  if (template['settings'] !== undefined)
    template['settings'] = nestSettings(flattenSettings(template['settings']));
  if (template['aliases'] !== undefined) {
    template['aliases'] = Object.fromEntries(
      Object.entries(asJson(template['aliases'])).map(([name, meta]) => [name, aliasMeta(asJson(meta))]),
    );
  }
  return { ...out, template };
}

function putTemplate(state: EmulatorState, req: RouteRequest): Json {
  const body = req.json();
  const patterns = body['index_patterns'];
  if (patterns === undefined || (Array.isArray(patterns) && patterns.length === 0)) {
    throw new OpenSearchError(
      400,
      'action_request_validation_exception',
      'Validation Failed: 1: index patterns are missing;',
    );
  }
  const name = req.params['name'] as string;
  if (req.query.get('create') === 'true' && state.cluster.templates.has(name)) {
    throw illegalArgument(`index template [${name}] already exists`);
  }
  state.cluster.templates.set(name, normalizeTemplate(body));
  return { acknowledged: true };
}

function getTemplates(state: EmulatorState, name: string | undefined): Json {
  const entries = [...state.cluster.templates].filter(([key]) => name === undefined || key === name);
  if (name !== undefined && entries.length === 0) {
    throw new OpenSearchError(
      404,
      'resource_not_found_exception',
      `index template matching [${name}] not found`,
    );
  }
  return { index_templates: entries.map(([key, index_template]) => ({ name: key, index_template })) };
}

/** Registers the index template routes. */
function templateRoutes(router: Router, state: EmulatorState): void {
  const { cluster } = state;
  router
    .add('PUT|POST /_index_template/{name}', (req) => ({ status: 200, body: putTemplate(state, req) }))
    .add('GET /_index_template/{name}', (req) => ({
      status: 200,
      body: getTemplates(state, req.params['name']),
    }))
    .add('GET /_index_template', () => ({ status: 200, body: getTemplates(state, undefined) }))
    .add('HEAD /_index_template/{name}', (req) => ({
      status: cluster.templates.has(req.params['name'] as string) ? 200 : 404,
    }))
    .add('DELETE /_index_template/{name}', (req) => {
      const name = req.params['name'] as string;
      if (!cluster.templates.delete(name))
        throw new OpenSearchError(
          404,
          'index_template_missing_exception',
          `index_template [${name}] missing`,
        );
      return { status: 200, body: { acknowledged: true } };
    });
}

/** Registers the index, template and alias routes. */
export function indexRoutes(router: Router, state: EmulatorState): void {
  const { cluster } = state;
  router
    .add('PUT /{index}', (req) => {
      const index = cluster.createIndex(req.params['index'] as string, req.json());
      return { status: 200, body: { acknowledged: true, shards_acknowledged: true, index: index.name } };
    })
    .add('HEAD /{index}', (req) => ({
      status:
        cluster.indices.has(req.params['index'] as string) ||
        cluster.aliasIndices(req.params['index'] as string).length
          ? 200
          : 404,
    }))
    .add('GET /{index}', (req) => ({ status: 200, body: describe(state, req.params['index'] as string) }))
    .add('DELETE /{index}', (req) => {
      const targets = cluster.concreteIndices(req.params['index'] as string);
      if (targets.length === 0) throw indexNotFound(req.params['index'] as string);
      for (const index of targets) cluster.indices.delete(index.name);
      return { status: 200, body: { acknowledged: true } };
    })
    .add('PUT /{index}/_settings', (req) => {
      const settings = flattenSettings(asJson(req.json()['settings'] ?? req.json()));
      for (const index of cluster.concreteIndices(req.params['index'] as string)) {
        Object.assign(index.settings, settings);
        index.gcDeletesMs();
      }
      return { status: 200, body: { acknowledged: true } };
    })
    .add('GET /{index}/_settings', (req) => {
      const out: Json = {};
      for (const index of cluster.concreteIndices(req.params['index'] as string))
        out[index.name] = { settings: index.nestedSettings() };
      return { status: 200, body: out };
    })
    .add('GET /{index}/_mapping', (req) => {
      const out: Json = {};
      for (const index of cluster.concreteIndices(req.params['index'] as string))
        out[index.name] = { mappings: index.mappings };
      return { status: 200, body: out };
    });
  templateRoutes(router, state);
  aliasRoutes(router, state);
}
