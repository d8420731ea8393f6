import { toBusEventDetail, type OutboxEvent } from '@outflow/core-domain';
import { compileEventPattern } from '@outflow/event-patterns';
import type { SourceDefinition, SubscriptionDefinition } from '@outflow/topology';

/**
 * Whether a subscription's rule would receive this change had the source's Pipe put it on the bus:
 * its event pattern against the bus event the Pipe builds (`source` = the Pipe's event source,
 * `detail-type` = the event type, `detail` = the bus event detail). A backfill sends straight to
 * the entry queue, so it applies the rule itself.
 */
export function ruleMatcher(
  subscription: SubscriptionDefinition,
  source: SourceDefinition,
): (event: OutboxEvent) => boolean {
  const pattern = compileEventPattern(subscription.rule.eventPattern);
  return (event) =>
    pattern.matches({
      source: source.pipe.eventSource,
      'detail-type': event.eventType,
      detail: toBusEventDetail(event),
    });
}
