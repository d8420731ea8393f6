/**
 * The local OpenSearch emulator: an HTTP server on 127.0.0.1 (a free port) speaking the subset
 * of OpenSearch's REST API that Outflow's search adapter and search endpoint use. Every other call
 * answers 400 `illegal_argument_exception` "<METHOD> <path> is not supported by the local emulator".
 * It is a test double for one node with one shard per index; writes are visible to searches at once.
 * Source of the emulated behaviour: https://docs.opensearch.org/latest/api-reference/ and
 * OpenSearch's REST API YAML tests (test/fixtures/rest-api-spec).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Cluster } from './cluster';
import { documentRoutes, type EmulatorState } from './document-routes';
import { notSupported, OpenSearchError, type Json } from './errors';
import { Faults } from './faults';
import { indexRoutes } from './index-routes';
import { PointsInTime } from './pit';
import { Router, type RouteResponse } from './router';
import { parseTimeValueMs } from './settings';

/** Options of {@link startOpenSearchEmulator}. */
export interface OpenSearchEmulatorOptions {
  /** Port on 127.0.0.1; default 0 (a free port). */
  readonly port?: number;
  /** Default `index.gc_deletes` for indices that do not set it, as a time value (`60s`, `500ms`); default `60s`. */
  readonly gcDeletes?: string;
  /** Clock in epoch milliseconds (for gc_deletes and PIT keep-alive); default `Date.now`. */
  readonly now?: () => number;
}

/** A running emulator. */
export interface OpenSearchEmulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** Faults on demand: 429/503 for the next requests, or 429 for the next bulk items. */
  readonly faults: Faults;
  /** Drops every index, template, point in time and pending fault. */
  reset(): void;
  /** Stops the server. */
  stop(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

function parseJson(raw: string): Json {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as Json;
  } catch (error) {
    throw new OpenSearchError(
      400,
      'parse_exception',
      `request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

function dispatch(
  router: Router,
  state: EmulatorState,
  method: string,
  target: string,
  rawBody: string,
): RouteResponse {
  try {
    state.faults.takeRequestFault();
    const url = new URL(target, 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const route = router.match(method, path);
    if (!route) throw notSupported(method, url.pathname);
    return route.handler({
      method,
      path,
      params: route.params,
      query: url.searchParams,
      rawBody,
      json: () => parseJson(rawBody),
    });
  } catch (error) {
    if (error instanceof OpenSearchError) return { status: error.status, body: error.toBody() };
    return { status: 500, body: new OpenSearchError(500, 'exception', (error as Error).message).toBody() };
  }
}

function send(res: ServerResponse, method: string, answer: RouteResponse): void {
  const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(method === 'HEAD' ? undefined : text);
}

function newState(options: OpenSearchEmulatorOptions): EmulatorState {
  const now = options.now ?? Date.now;
  const defaultGcDeletesMs = parseTimeValueMs(options.gcDeletes ?? '60s', 'gcDeletes');
  return {
    cluster: new Cluster({ now, defaultGcDeletesMs }),
    faults: new Faults(),
    pits: new PointsInTime(now),
  };
}

const INFO = {
  name: 'outflow-local-emulator',
  cluster_name: 'outflow-local',
  version: { distribution: 'opensearch', number: '2.19.0', minimum_wire_compatibility_version: '7.10.0' },
  tagline: 'The OpenSearch Project: https://opensearch.org/',
};

/**
 * Starts the emulator on 127.0.0.1. Throws `illegal_argument_exception` for a malformed
 * `gcDeletes`, and the listen error (e.g. `EADDRINUSE`) when the port is taken.
 */
export async function startOpenSearchEmulator(
  options: OpenSearchEmulatorOptions = {},
): Promise<OpenSearchEmulator> {
  const live = newState(options);
  const router = new Router();
  documentRoutes(router, live);
  indexRoutes(router, live);
  router.add('GET /', () => ({ status: 200, body: INFO })).add('HEAD /', () => ({ status: 200 }));
  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    readBody(req)
      .then((raw) => send(res, method, dispatch(router, live, method, req.url ?? '/', raw)))
      .catch((error: Error) =>
        send(res, method, {
          status: 500,
          body: { error: { type: 'exception', reason: error.message }, status: 500 },
        }),
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const faults = live.faults;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    faults,
    reset: () => {
      live.cluster.indices.clear();
      live.cluster.templates.clear();
      live.pits.clear();
      faults.reset();
    },
    stop: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
