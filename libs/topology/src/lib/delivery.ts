import type { PerAggregateDelivery } from './topology.types';

/**
 * The re-keying Pipe's `InputTemplate` (per-aggregate delivery). Pipes parses a JSON SQS body
 * implicitly, and a bare `<$.body>` would render the object without its quotes, so the body is
 * wrapped: the FIFO queue receives `{"detail": <the bus event's detail>}`, which
 * `decodeBusMessage` accepts (eb-pipes-input-transformation.html, "Implicit body data parsing").
 * The CloudFormation generator and the local runtime's SQS-source Pipe both use this constant.
 */
export const REKEY_INPUT_TEMPLATE = '{"detail": <$.body>}';

/**
 * The re-keying Pipe's `SqsQueueParameters`: JSON paths evaluated on the SQS record as the source
 * delivered it (body parsed implicitly), never on the template's output.
 *
 * @example
 * rekeyTargetParameters(delivery);
 * // → { MessageGroupId: '$.body.aggregateKey', MessageDeduplicationId: '$.body.eventId' }
 */
export const rekeyTargetParameters = (
  delivery: Pick<PerAggregateDelivery, 'groupKeyField' | 'deduplicationIdField'>,
): { readonly MessageGroupId: string; readonly MessageDeduplicationId: string } => ({
  MessageGroupId: `$.body.${delivery.groupKeyField}`,
  MessageDeduplicationId: `$.body.${delivery.deduplicationIdField}`,
});
