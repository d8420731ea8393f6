/**
 * The emulated cluster: indices by name, index templates, alias resolution for writes (the
 * alias's write index) and reads (every index behind a name, with the alias filter), and index
 * creation that applies the matching index template like OpenSearch does.
 * Source: https://docs.opensearch.org/latest/im-plugin/index-templates/,
 * https://docs.opensearch.org/latest/im-plugin/index-alias/, https://docs.opensearch.org/latest/api-reference/index-apis/create-index/.
 */
import { illegalArgument, indexNotFound, OpenSearchError, type Json } from './errors';
import { IndexData } from './index-data';
import { flattenSettings } from './settings';

/** An index to read and the alias filter that applies to it (if read through a filtered alias). */
export interface ReadTarget {
  readonly index: IndexData;
  readonly filter?: Json;
}

/** Emulator clock and defaults. */
export interface ClusterOptions {
  readonly now: () => number;
  readonly defaultGcDeletesMs: number;
}

const wildcard = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

/** All indices and templates of the emulator. */
export class Cluster {
  readonly indices = new Map<string, IndexData>();
  readonly templates = new Map<string, Json>();

  constructor(readonly options: ClusterOptions) {}

  /** Creates an index from the matching template (highest priority) merged with the request body. */
  createIndex(name: string, body: Json = {}): IndexData {
    validateIndexName(name);
    const existing = this.indices.get(name);
    if (existing || this.aliasIndices(name).length > 0) {
      throw new OpenSearchError(
        400,
        'resource_already_exists_exception',
        `index [${name}/${existing?.uuid ?? '_na_'}] already exists`,
        {
          index: name,
        },
      );
    }
    const template = (this.matchingTemplate(name)?.['template'] ?? {}) as Json;
    const settings = { ...flattenSettings(template['settings']), ...flattenSettings(body['settings']) };
    const mappings = mergeMappings(asJson(template['mappings']), asJson(body['mappings']));
    const index = new IndexData(name, settings, mappings, this.options.now, this.options.defaultGcDeletesMs);
    index.gcDeletesMs();
    const aliases = { ...asJson(template['aliases']), ...asJson(body['aliases']) };
    for (const [alias, meta] of Object.entries(aliases)) index.aliases.set(alias, aliasMeta(asJson(meta)));
    this.indices.set(name, index);
    return index;
  }

  /** The index a write to `name` goes to: the index, an alias's write index, or a new index. */
  writeIndex(name: string, requireAlias = false): IndexData {
    const index = this.indices.get(name);
    if (index && !requireAlias) return index;
    const behind = this.aliasIndices(name);
    if (behind.length === 0) {
      if (requireAlias) {
        throw new OpenSearchError(
          404,
          'index_not_found_exception',
          `no such index [${name}] and [require_alias] request flag is [true] and [${name}] is not an alias`,
          {
            index: name,
          },
        );
      }
      return this.createIndex(name);
    }
    const explicit = behind.find((i) => i.aliases.get(name)?.['is_write_index'] === true);
    const only =
      behind.length === 1 && behind[0]?.aliases.get(name)?.['is_write_index'] !== false
        ? behind[0]
        : undefined;
    const target = explicit ?? only;
    if (!target) {
      throw illegalArgument(
        `no write index is defined for alias [${name}]. The write index may be explicitly disabled using is_write_index=false or the alias points to multiple indices without one being designated as a write index`,
      );
    }
    return target;
  }

  /** The index a single-document read or delete of `name` uses; 404 when there is none. */
  writeIndexIfExists(name: string): IndexData {
    if (!this.indices.has(name) && this.aliasIndices(name).length === 0) throw indexNotFound(name);
    return this.writeIndex(name);
  }

  /** Every index a comma-separated expression (names, aliases, `*` patterns, `_all`) reads. */
  readTargets(expression: string | undefined): ReadTarget[] {
    const names = !expression || expression === '_all' ? ['*'] : expression.split(',');
    const targets = new Map<string, ReadTarget>();
    for (const name of names) {
      if (name.includes('*')) {
        for (const index of this.indices.values())
          if (wildcard(name).test(index.name)) targets.set(index.name, { index });
        continue;
      }
      const index = this.indices.get(name);
      if (index) targets.set(name, { index });
      for (const aliased of this.aliasIndices(name)) {
        const filter = aliased.aliases.get(name)?.['filter'] as Json | undefined;
        targets.set(aliased.name, filter ? { index: aliased, filter } : { index: aliased });
      }
      if (!index && this.aliasIndices(name).length === 0) throw indexNotFound(name);
    }
    return [...targets.values()];
  }

  /** The indices an alias points to. */
  aliasIndices(alias: string): IndexData[] {
    return [...this.indices.values()].filter((index) => index.aliases.has(alias));
  }

  /** Indices named by an expression (names or `*` patterns); 404 for a missing concrete name. */
  concreteIndices(expression: string): IndexData[] {
    return this.readTargets(expression).map((target) => target.index);
  }

  private matchingTemplate(name: string): Json | undefined {
    let best: Json | undefined;
    for (const template of this.templates.values()) {
      const patterns = ([] as unknown[]).concat(template['index_patterns'] ?? []).map(String);
      if (!patterns.some((pattern) => wildcard(pattern).test(name))) continue;
      if (!best || Number(template['priority'] ?? 0) > Number(best['priority'] ?? 0)) best = template;
    }
    return best;
  }
}

/** Normalises an alias definition: `routing` sets both `index_routing` and `search_routing`. */
export function aliasMeta(body: Json): Json {
  const meta: Json = {};
  if (body['filter'] !== undefined) meta['filter'] = body['filter'];
  const routing = body['routing'];
  if (routing !== undefined || body['index_routing'] !== undefined)
    meta['index_routing'] = body['index_routing'] ?? routing;
  if (routing !== undefined || body['search_routing'] !== undefined)
    meta['search_routing'] = body['search_routing'] ?? routing;
  if (body['is_write_index'] !== undefined) meta['is_write_index'] = body['is_write_index'];
  if (body['is_hidden'] !== undefined) meta['is_hidden'] = body['is_hidden'];
  return meta;
}

/** The value if it is a JSON object, else `{}`. */
export function asJson(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function mergeMappings(template: Json, request: Json): Json {
  const properties = { ...asJson(template['properties']), ...asJson(request['properties']) };
  return { ...template, ...request, properties };
}

function validateIndexName(name: string): void {
  if (
    name !== name.toLowerCase() ||
    /[\\/*?"<>| ,#:]/.test(name) ||
    name.startsWith('_') ||
    name.startsWith('-')
  ) {
    throw new OpenSearchError(
      400,
      'invalid_index_name_exception',
      `Invalid index name [${name}], must be lowercase and must not contain \\, /, *, ?, ", <, >, |, space, comma, # or :`,
      {
        index: name,
        index_uuid: '_na_',
      },
    );
  }
}
