import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localLambdaContext } from '../lambda/lambda-context';
import { compileRoutes, type HttpApiRoute } from './http-api-routes';
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
 * very handler functions Lambda does. Unmatched routes get API Gateway's 404.
 */
export async function serveHttpApi(options: ServeHttpApiOptions): Promise<ServedHttpApi> {
  const host = options.host ?? '127.0.0.1';
  const match = compileRoutes(options.routes);
  const onError =
    options.onHandlerError ?? ((error, routeKey) => console.error(`[http-api] ${routeKey} failed:`, error));
  const server = createServer((request, response) => {
    void handle(request, response, match, onError);
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
  match: ReturnType<typeof compileRoutes>,
  onError: (error: unknown, routeKey: string) => void,
): Promise<void> {
  const found = match(request.method ?? 'GET', new URL(request.url ?? '/', 'http://localhost').pathname);
  const body = await readBody(request);
  if (!found) return writeGatewayResponse(response, gatewayResponse.notFound);
  if (!body) return writeGatewayResponse(response, gatewayResponse.tooLarge);
  const event = toHttpApiEvent(request, body, found);
  try {
    writeHttpApiResult(
      response,
      await found.route.handler(
        event,
        localLambdaContext({
          functionName: found.route.name ?? found.routeKey,
          awsRequestId: event.requestContext.requestId,
        }),
      ),
    );
  } catch (error) {
    onError(error, found.routeKey);
    writeGatewayResponse(response, gatewayResponse.internalError);
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
