import { isPayloadTooLargeError } from '@outflow/core-domain';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { jsonLogger, type Logger } from '../logger';
import { errorResponse } from './http-response';

/** A Lambda handler for an API Gateway HTTP API route (payload format 2.0). */
export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context?: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface HttpHandlerOptions {
  /** @default jsonLogger */
  readonly logger?: Logger;
}

/**
 * Wraps a route: expected outcomes are the route's own responses. A `PayloadTooLargeError` (e.g. a
 * change the outbox store refused because its item or bus entry exceeds an AWS limit) is answered
 * 413 `payload-too-large` with its message (size, limit and which one), `bytes` and `limitBytes`.
 * Anything else thrown is logged with the request id and answered 500 without internals (a stack
 * trace is no business of a client).
 */
export function createHttpHandler(route: HttpHandler, options: HttpHandlerOptions = {}): HttpHandler {
  const logger = options.logger ?? jsonLogger;
  return async (event, context) => {
    const requestId = event.requestContext?.requestId;
    try {
      return await route(event, context);
    } catch (error) {
      if (isPayloadTooLargeError(error)) {
        return errorResponse(413, 'payload-too-large', error.message, {
          bytes: error.bytes,
          limitBytes: error.limitBytes,
        });
      }
      logger.error('request failed', {
        requestId,
        routeKey: event.routeKey,
        error:
          error instanceof Error
            ? { name: error.name, message: error.message, stack: error.stack }
            : String(error),
      });
      return errorResponse(
        500,
        'internal',
        `the request failed unexpectedly; quote request id ${requestId ?? '(none)'} when reporting it`,
      );
    }
  };
}

/** A path parameter (API Gateway passes them URL-decoded), or undefined when absent. */
export const pathParameter = (
  event: Pick<APIGatewayProxyEventV2, 'pathParameters'>,
  name: string,
): string | undefined => event.pathParameters?.[name];
