import { isRecord } from '@outflow/core-domain';
import type { OrderResult } from '@outflow/orders';
import { errorResponse, jsonResponse, validationResponse } from '@outflow/runtime-lambda';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * Maps a use case outcome to HTTP: the order as JSON with its `version` (200, or 201 with a
 * Location on create); 400 `validation` naming each field; 404 `not-found`; 409 `conflict` when
 * the order is not at the expected version (a concurrent change, a stale `expectedVersion`, an id
 * that exists); 409 `rule-violation` with the rule's name when the order's status forbids the command.
 */
export function orderResponse(
  result: OrderResult,
  successStatus: 200 | 201 = 200,
): APIGatewayProxyStructuredResultV2 {
  if (result.ok) {
    const { order, version } = result.value;
    const location =
      successStatus === 201 ? { location: `/orders/${encodeURIComponent(order.orderId)}` } : undefined;
    return jsonResponse(successStatus, { ...order, version }, location);
  }
  const failure = result.error;
  switch (failure.kind) {
    case 'invalid':
      return validationResponse(failure.issues);
    case 'not-found':
      return errorResponse(404, 'not-found', failure.message, { orderId: failure.orderId });
    case 'conflict':
      return errorResponse(409, 'conflict', failure.message, {
        orderId: failure.orderId,
        ...(failure.currentVersion !== undefined ? { currentVersion: failure.currentVersion } : {}),
      });
    case 'rule':
      return errorResponse(409, 'rule-violation', failure.message, {
        orderId: failure.orderId,
        rule: failure.rule,
        status: failure.status,
      });
  }
}

/** The input of a lifecycle command: the JSON body (optional `expectedVersion`) plus the path's order id. */
export function withOrderId(body: unknown, orderId: string | undefined): unknown {
  if (body === undefined) return { orderId };
  return isRecord(body) ? { ...body, orderId } : body;
}
