import { describeValue, err, isRecord, ok } from '@outflow/core-domain';
import type { DeletedOrder, OrderFailure, OrderResult } from '@outflow/orders';
import type { Result } from '@outflow/core-domain';
import { errorResponse, jsonResponse, validationResponse } from '@outflow/runtime-lambda';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * Maps a use case outcome to HTTP: the order as JSON with its `version` (200, or 201 with a
 * Location on create); 400 `validation` naming each field; 404 `not-found`; 410 `gone` (with the
 * tombstone's `version`) for a deleted order; 409 `conflict` when the order is not at the expected
 * version (a concurrent change, a stale `expectedVersion`, an id that exists or existed); 409
 * `rule-violation` with the rule's name when the order's status forbids the command.
 */
export function orderResponse(
  result: OrderResult,
  successStatus: 200 | 201 = 200,
): APIGatewayProxyStructuredResultV2 {
  if (!result.ok) return failureResponse(result.error);
  const { order, version } = result.value;
  const location =
    successStatus === 201 ? { location: `/orders/${encodeURIComponent(order.orderId)}` } : undefined;
  return jsonResponse(successStatus, { ...order, version }, location);
}

/** DELETE's outcome: 200 `{ orderId, deleted: true, version }` (the tombstone's version), or a failure as above. */
export function deletionResponse(
  result: Result<DeletedOrder, OrderFailure>,
): APIGatewayProxyStructuredResultV2 {
  return result.ok ? jsonResponse(200, result.value) : failureResponse(result.error);
}

function failureResponse(failure: OrderFailure): APIGatewayProxyStructuredResultV2 {
  switch (failure.kind) {
    case 'invalid':
      return validationResponse(failure.issues);
    case 'not-found':
      return errorResponse(404, 'not-found', failure.message, { orderId: failure.orderId });
    case 'deleted':
      return errorResponse(410, 'gone', failure.message, {
        orderId: failure.orderId,
        version: failure.version,
      });
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

/**
 * The input of a lifecycle command: the JSON body (optional `expectedVersion`) plus the path's order
 * id. The path names the order: a body whose `orderId` names another one is refused (400
 * `validation` naming `orderId`), never silently overridden. A body that is not an object passes on
 * for the use case to refuse.
 */
export function withOrderId(
  body: unknown,
  orderId: string | undefined,
): Result<unknown, APIGatewayProxyStructuredResultV2> {
  if (body === undefined) return ok({ orderId });
  if (!isRecord(body)) return ok(body);
  if (body['orderId'] !== undefined && body['orderId'] !== orderId)
    return err(
      validationResponse([
        {
          path: 'orderId',
          message: `the path names order ${describeValue(orderId)} but the body says ${describeValue(body['orderId'])}; leave orderId out of the body (the path names the order)`,
        },
      ]),
    );
  return ok({ ...body, orderId });
}
