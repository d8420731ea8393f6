import type { OpenSearchClient } from '../options';

type BulkItem = { status: number; error?: { type: string; reason: string } };
/** What the fake answers to one bulk request: an item per action, or a thrown request error. */
export type BulkAnswer = ((ids: readonly string[]) => BulkItem[]) | { statusCode: number; type: string };

/** A client error as `@opensearch-project/opensearch` throws it (`ResponseError`: statusCode + body). */
const responseError = (statusCode: number, type: string) =>
  Object.assign(new Error(`${type} (HTTP ${statusCode})`), {
    statusCode,
    body: { error: { type, reason: type } },
  });

/**
 * A tiny stand-in for the client's HTTP calls, for unit specs: bulk requests get scripted answers
 * (in order; then every item 201), and every call is recorded. Not a search engine: int specs run
 * against the emulator.
 */
export function fakeOpenSearchClient(answers: BulkAnswer[] = []) {
  const bulks: Array<{
    index: string;
    actions: Array<{ _id: string; version: number; version_type: string }>;
  }> = [];
  const calls: string[] = [];
  const client = {
    bulk: async (params: { index: string; body: Array<Record<string, unknown>> }) => {
      const actions = params.body.filter((_, i) => i % 2 === 0).map((a) => a['index'] as never);
      bulks.push({ index: params.index, actions });
      calls.push(`POST /${params.index}/_bulk`);
      const answer = answers.shift();
      const ids = actions.map((a: { _id: string }) => a._id);
      if (answer && !(answer instanceof Function)) throw responseError(answer.statusCode, answer.type);
      const items = answer ? answer(ids) : ids.map(() => ({ status: 201 }));
      return { body: { errors: true, items: items.map((index) => ({ index })) }, statusCode: 200 };
    },
    indices: {
      putIndexTemplate: async (params: { name: string }) => (
        calls.push(`PUT /_index_template/${params.name}`),
        { body: {} }
      ),
      exists: async (params: { index: string }) => (calls.push(`HEAD /${params.index}`), { body: false }),
      create: async (params: { index: string }) => (calls.push(`PUT /${params.index}`), { body: {} }),
    },
  };
  return { client: client as unknown as OpenSearchClient, bulks, calls };
}
