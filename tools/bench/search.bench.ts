// Issue 15's benchmark: the search adapter's bulk path (`OpenSearchProjection.apply`, batches of 10
// order changes, as search-sync's consumer calls it) against the raw `@opensearch-project/opensearch`
// client's `bulk` of the same documents (same index layout, same external versions, same batch size)
// on the same endpoint: the in-repo emulator by default, `OPENSEARCH_URL` when set.
// On the emulator this measures Outflow's client-side overhead only (the emulator is not OpenSearch's
// indexing engine); against a real cluster it is the end-to-end ratio.
import type { OutboxEvent } from '@outflow/core-domain';
import { ordersSearchMapping } from '@outflow/orders';
import { createOpenSearchClient, OpenSearchProjection } from '@outflow/opensearch-projection';
import { sampleOrderState } from '@outflow/orders/testing';
import { startOpenSearchEmulator } from '@outflow/opensearch-emulator';
import { makeEvent } from '@outflow/testing';
import type { Client } from '@opensearch-project/opensearch';
import { machine, median, nowMs, progress, round } from './bench-kit';

export interface SearchBenchOptions {
  /** Order changes in the input (orders × versions). */
  readonly changes: number;
  readonly versionsPerOrder: number;
  readonly batchSize: number;
  readonly runs: number;
  /** A real cluster (`OPENSEARCH_URL`); the in-repo emulator when undefined. */
  readonly url: string | undefined;
}

type Lane = 'adapter' | 'raw';

/** Every 10th order's last change is a deletion (a tombstone document in both lanes). */
const isDeletion = (order: number, version: number, versionsPerOrder: number) =>
  order % 10 === 9 && version === versionsPerOrder;

/** All first versions, then all second versions, …; cut into batches (10 different orders each). */
function searchInput(options: SearchBenchOptions): { batches: OutboxEvent[][]; orders: number } {
  const orders = Math.ceil(options.changes / options.versionsPerOrder);
  const changes: OutboxEvent[] = [];
  for (let version = 1; version <= options.versionsPerOrder; version++) {
    for (let o = 0; o < orders && changes.length < options.changes; o++) {
      const id = `bench-${o}`;
      const change = isDeletion(o, version, options.versionsPerOrder)
        ? { deleted: true as const }
        : { state: { ...sampleOrderState(id, version, { customerId: `customer-${o % 50}` }) } };
      changes.push(makeEvent(ordersSearchMapping.aggregateType, id, version, change));
    }
  }
  const batches: OutboxEvent[][] = [];
  for (let i = 0; i < changes.length; i += options.batchSize)
    batches.push(changes.slice(i, i + options.batchSize));
  return { batches, orders };
}

/** The document the adapter writes for a change (the mapping's document plus its own fields). */
function documentOf(change: OutboxEvent): Record<string, unknown> {
  const own = { aggregateId: change.aggregateId, version: change.aggregateVersion };
  if (change.deleted) return { ...own, deleted: true };
  const document = ordersSearchMapping.toDocument(change.aggregateId, change.state);
  if (!document.ok) throw new Error(`the bench input is invalid: ${document.error.message}`);
  return { ...document.value, ...own, deleted: false };
}

/**
 * The raw lane's bulk body for a batch: what a hand-written consumer sends, the same documents
 * through the same mapping (built inside the timed loop, as the consumer benchmark's bare lane does).
 */
const rawBody = (batch: readonly OutboxEvent[]): Record<string, unknown>[] =>
  batch.flatMap((c) => [
    { index: { _id: c.aggregateId, version: c.aggregateVersion, version_type: 'external' } },
    documentOf(c),
  ]);

type BatchWriter = (index: number) => Promise<void>;

function laneWriter(
  lane: Lane,
  client: Client,
  projection: OpenSearchProjection,
  alias: string,
  input: ReturnType<typeof searchInput>,
): BatchWriter {
  if (lane === 'adapter') {
    return async (i) => {
      const outcomes = await projection.apply(input.batches[i]!);
      const bad = outcomes.find((o) => o.kind !== 'applied');
      if (bad) throw new Error(`adapter lane: a change was not applied: ${JSON.stringify(bad)}`);
    };
  }
  return async (i) => {
    const response = await client.bulk({ index: alias, body: rawBody(input.batches[i]!) });
    if (response.body.errors)
      throw new Error(`raw lane: bulk item errors: ${JSON.stringify(response.body.items).slice(0, 500)}`);
  };
}

/** Count of documents (write alias: tombstones included; read alias: live ones) and a sample of them. */
async function fingerprint(client: Client, names: { writeAlias: string; readAlias: string }, orders: number) {
  const total = async (index: string) => {
    const response = await client.search({ index, body: { size: 0, track_total_hits: true } });
    const hits = response.body.hits.total as number | { value: number };
    return typeof hits === 'number' ? hits : hits.value;
  };
  const step = Math.max(1, Math.floor(orders / 25));
  const ids = Array.from({ length: Math.ceil(orders / step) }, (_, k) => `bench-${k * step}`);
  ids.push(`bench-${orders - 1}`);
  const sample = await client.mget({ index: names.writeAlias, body: { ids } });
  const docs = (sample.body.docs as Array<{ _id: string; _version?: number; _source?: unknown }>).map((d) => [
    d._id,
    d._version,
    d._source,
  ]);
  return {
    documents: await total(names.writeAlias),
    live: await total(names.readAlias),
    sample: JSON.stringify(docs),
  };
}

async function runLane(
  lane: Lane,
  client: Client,
  input: ReturnType<typeof searchInput>,
  label: string,
): Promise<{ docsPerSecond: number; seconds: number; state: string; documents: number; live: number }> {
  const prefix = `bench-${lane}-${Date.now().toString(36)}`;
  const projection = new OpenSearchProjection({
    client,
    indexPrefix: prefix,
    mappings: [ordersSearchMapping],
  });
  const names = projection.namesOf(ordersSearchMapping);
  // Template, index and aliases are created before the clock starts, the same way for both lanes.
  await projection.read(ordersSearchMapping.aggregateType, 'bench-bootstrap');
  const write = laneWriter(lane, client, projection, names.writeAlias, input);
  const show = progress(label);
  const changes = input.batches.reduce((n, b) => n + b.length, 0);
  const started = nowMs();
  for (let i = 0; i < input.batches.length; i++) {
    await write(i);
    show(i + 1, input.batches.length);
  }
  const seconds = (nowMs() - started) / 1000;
  try {
    // A cluster's writes are visible to searches after a refresh; the emulator's at once (it answers
    // 400 "not supported" to `_refresh`; a 400 here would still fail the count check below).
    await client.indices.refresh({ index: names.writeAlias }, { ignore: [400] });
    const { documents, live, sample } = await fingerprint(client, names, input.orders);
    return { docsPerSecond: changes / seconds, seconds, state: sample, documents, live };
  } finally {
    await client.indices.delete({ index: names.index });
    await client.indices.deleteIndexTemplate({ name: names.template });
  }
}

/** Fails unless every lane-run ended with the same counts and sample, one document per order. */
function checkSameDocuments(states: ReadonlySet<string>, documents: number, orders: number): void {
  const ends = [...states].map((s) => s.split('\n') as [string, string]);
  if (states.size === 1 && documents === orders) return;
  const counts = [...new Set(ends.map(([c]) => c))];
  const samples = new Set(ends.map(([, sample]) => sample));
  throw new Error(
    `the lanes ended with different documents (expected one per order, ${orders}): counts ${counts.join(' | ')}; ${samples.size} different samples of the same ids${samples.size > 1 ? `: ${[...samples].map((x) => x.slice(0, 300)).join(' | ')}` : ''}`,
  );
}

async function endpoint(url: string | undefined): Promise<{ url: string; stop: () => Promise<void> }> {
  if (url) return { url, stop: async () => undefined };
  const emulator = await startOpenSearchEmulator();
  return { url: emulator.url, stop: () => emulator.stop() };
}

export async function searchBench(options: SearchBenchOptions) {
  const input = searchInput(options);
  const server = await endpoint(options.url);
  const client = createOpenSearchClient({ endpoint: server.url, requestTimeoutMs: 30_000 });
  const emulated = options.url === undefined;
  const lanes: Lane[] = ['adapter', 'raw'];
  const runs: Record<Lane, { docsPerSecond: number; seconds: number }[]> = { adapter: [], raw: [] };
  const states = new Set<string>();
  let counts = { documents: 0, live: 0 };
  try {
    // Warm up both lanes on the whole input (JIT, sockets, the endpoint's caches); not counted.
    for (const lane of lanes) await runLane(lane, client, input, `${lane} warm-up`);
    // Interleave the lanes so drift of the machine's load hits them alike.
    for (let run = 0; run < options.runs; run++) {
      for (const lane of lanes) {
        const label = `${lane} run ${run + 1}/${options.runs}`;
        const result = await runLane(lane, client, input, label);
        runs[lane].push({ docsPerSecond: round(result.docsPerSecond), seconds: round(result.seconds, 2) });
        states.add(`${result.documents} documents, ${result.live} live\n${result.state}`);
        counts = { documents: result.documents, live: result.live };
      }
    }
  } finally {
    await client.close();
    await server.stop();
  }
  checkSameDocuments(states, counts.documents, input.orders);
  const adapter = round(median(runs.adapter.map((r) => r.docsPerSecond)));
  const raw = round(median(runs.raw.map((r) => r.docsPerSecond)));
  return {
    benchmark: 'search',
    what: `OpenSearchProjection.apply (batches of ${options.batchSize}, as search-sync's consumer) vs the raw @opensearch-project/opensearch client's bulk of the same documents (same index layout, external versions, batch size), one batch at a time`,
    endpoint: emulated ? 'the in-repo OpenSearch emulator' : options.url,
    scope: emulated
      ? "on the emulator this measures Outflow's client-side overhead only (grouping, outcome decisions, the client calls): not OpenSearch's indexing; run with OPENSEARCH_URL for a real cluster"
      : 'the endpoint at OPENSEARCH_URL: on a real cluster, its indexing is included',
    input: {
      changes: options.changes,
      orders: input.orders,
      versionsPerOrder: options.versionsPerOrder,
      batchSize: options.batchSize,
      runs: options.runs,
    },
    finalState: {
      documents: counts.documents,
      live: counts.live,
      tombstones: counts.documents - counts.live,
    },
    docsPerSecond: { adapter, raw },
    runs,
    ratio: {
      adapterVsRaw: round(adapter / raw, 2),
      // Each run's lanes ran back to back: their ratio is less exposed to the machine's drift.
      perRun: runs.adapter.map((r, i) => round(r.docsPerSecond / runs.raw[i]!.docsPerSecond, 2)),
    },
    target: { adapterVsRaw: '≥ 0.8' },
    met: { adapterVsRaw: adapter / raw >= 0.8 },
    machine: machine(),
    at: new Date().toISOString(),
  };
}
