import type { SearchField, SearchMapping } from '@outflow/core-application';
import { requestFailure } from './bulk-writer';
import { OpenSearchUnavailableError } from './errors';
import type { IndexNames, OpenSearchClient } from './options';

type OsField = { type: string; properties?: Record<string, OsField> };

const toOpenSearch = (fields: Readonly<Record<string, SearchField>>): Record<string, OsField> =>
  Object.fromEntries(
    Object.entries(fields).map(([name, field]) => [
      name,
      'properties' in field
        ? { type: field.type, properties: toOpenSearch(field.properties) }
        : { type: field.type },
    ]),
  );

/**
 * The index template of one aggregate type: explicit, strict mappings (a field the mapping does
 * not declare is refused, not guessed) with the adapter's own fields.
 */
function indexTemplate(names: IndexNames, mapping: SearchMapping): Record<string, unknown> {
  return {
    index_patterns: [`${names.writeAlias}-v*`],
    template: {
      mappings: {
        dynamic: 'strict',
        properties: {
          aggregateId: { type: 'keyword' },
          version: { type: 'long' },
          deleted: { type: 'boolean' },
          ...toOpenSearch(mapping.fields),
        },
      },
    },
  };
}

/** The aliases of the concrete index: writes, `read` and `list` use the first; searches the filtered second. */
const indexAliases = (names: IndexNames): Record<string, unknown> => ({
  [names.writeAlias]: {},
  [names.readAlias]: { filter: { term: { deleted: false } } },
});

/**
 * Makes sure the template, the concrete index `<prefix>-<name>-v<version>` and its two aliases
 * exist; idempotent (the template is put again, an existing index is kept as it is). A mapping
 * change is a new `version`: a new index, reindexed, then the aliases moved (not done here).
 *
 * @throws OpenSearchUnavailableError naming the call that failed.
 */
export async function bootstrapIndex(
  client: OpenSearchClient,
  names: IndexNames,
  mapping: SearchMapping,
): Promise<void> {
  await call(`put index template ${names.template}`, () =>
    client.indices.putIndexTemplate({ name: names.template, body: indexTemplate(names, mapping) as never }),
  );
  const exists = await call(`check index ${names.index}`, () =>
    client.indices.exists({ index: names.index }),
  );
  if (exists.body === true) return;
  try {
    await client.indices.create({ index: names.index, body: { aliases: indexAliases(names) as never } });
  } catch (error) {
    const body = (error as { body?: { error?: { type?: string } } }).body;
    if (body?.error?.type === 'resource_already_exists_exception') return; // created meanwhile
    throw unavailable(`create index ${names.index}`, error);
  }
}

async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw unavailable(what, error);
  }
}

const unavailable = (what: string, error: unknown) =>
  new OpenSearchUnavailableError(`OpenSearch could not ${what}: ${requestFailure(error).reason}`, {
    cause: error,
  });
