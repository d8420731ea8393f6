import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localLambdaContext } from '../lambda/lambda-context';
import { allowedMethods, compileRoutes, type HttpApiRoute } from './http-api-routes';
import { PortInUseError } from '../errors';
import { toHttpApiEvent } from './to-http-api-event';
import { gatewayResponse, writeGatewayResponse, writeHttpApiResult } from './write-http-api-result';

export interface ServeHttpApiOptions {
  readonly routes: readonly HttpApiRoute[];
  /** 0 picks a free port. */
  readonly port: number;
  /** @default '127.0.0.1' (loopback only) */
  readonly host?: string;
  /** How a user changes the port, named in the error when it is taken. @default 'the `port` option' */
  readonly portSetting?: string;
  /** Called with a handler's unexpected error (the client gets API Gateway's 500). @default console.error */
  readonly onHandlerError?: (error: unknown, routeKey: string) => void;
}

export interface ServedHttpApi {
  /** e.g. `http://127.0.0.1:3000` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** API Gateway HTTP APIs refuse request payloads over 10 MB. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Serves HTTP API routes on a local port: each request becomes the payload format 2.0 event API
 * Gateway would send, and the handler's result becomes the response — so a local run invokes the
 * very handler functions Lambda does. What the server answers itself uses the API's error shape
 * `{"error","message",…}`: 404 `not-found` for a path no route has, 405 `method-not-allowed` with an
 * `Allow` header for a method the path's routes do not take, 413 `payload-too-large` with
 * `limitBytes` for a body over 10 MB, 500 `internal` with the request id for a failing handler.
 */
export async function serveHttpApi(options: ServeHttpApiOptions): Promise<ServedHttpApi> {
  const host = options.host ?? '127.0.0.1';
  const match = compileRoutes(options.routes);
  const onError =
    options.onHandlerError ?? ((error, routeKey) => console.error(`[http-api] ${routeKey} failed:`, error));
  const server = createServer((request, response) => {
    void handle(request, response, { match, routes: options.routes }, onError);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(options.port, host, options.portSetting ?? 'the `port` option', {
              cause: error,
            })
          : error,
      ),
    );
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  table: { match: ReturnType<typeof compileRoutes>; routes: readonly HttpApiRoute[] },
  onError: (error: unknown, routeKey: string) => void,
): Promise<void> {
  const method = (request.method ?? 'GET').toUpperCase();
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const found = table.match(method, path);
  const body = await readBody(request);
  if (!found) {
    const allowed = allowedMethods(table.routes, path);
    return writeGatewayResponse(
      response,
      allowed.length > 0
        ? gatewayResponse.methodNotAllowed(method, path, allowed)
        : gatewayResponse.notFound(method, path),
    );
  }
  if (!body) return writeGatewayResponse(response, gatewayResponse.tooLarge(MAX_BODY_BYTES));
  const event = toHttpApiEvent(request, body, found);
  const requestId = event.requestContext.requestId;
  try {
    const context = localLambdaContext({
      functionName: found.route.name ?? found.routeKey,
      awsRequestId: requestId,
    });
    writeHttpApiResult(response, await found.route.handler(event, context), requestId);
  } catch (error) {
    onError(error, found.routeKey);
    writeGatewayResponse(response, gatewayResponse.internalError(requestId));
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks);
}
