import type { SearchMapping } from '@outflow/core-application';
import { ok } from '@outflow/core-domain';
import { ordersSearchMapping } from '@outflow/orders';

/** The customer id that {@link unguardedSearchOrders} turns into a document OpenSearch refuses. */
export const POISON_CUSTOMER = 'c-poison';

/**
 * The Order search mapping with one hole: a customer `c-poison` writes `totalCents: "not a
 * number"`, which the `long` field refuses (400 `mapper_parsing_exception`). The Order parser
 * keeps every valid order within the mappings, so only a mapping like this one shows how the
 * store handles a refusal by OPENSEARCH.
 */
export const unguardedSearchOrders: SearchMapping = {
  ...ordersSearchMapping,
  toDocument(aggregateId, raw) {
    const document = ordersSearchMapping.toDocument(aggregateId, raw);
    if (!document.ok || document.value['customerId'] !== POISON_CUSTOMER) return document;
    return ok({ ...document.value, totalCents: 'not a number' });
  },
};
