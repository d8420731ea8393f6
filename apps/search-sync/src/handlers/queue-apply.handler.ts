import { createSqsApplyHandler } from '@outflow/runtime-lambda';
import { applyChangesFromEnvironment } from '../composition-root';

/**
 * SQS standard-queue consumer (bus rule `search` → queue → this Lambda; delivery `unordered`):
 * applies each batch of order changes to OpenSearch and reports failed messages as
 * batchItemFailures (ReportBatchItemFailures). The use case is built once per cold start.
 */
export const handler = createSqsApplyHandler(applyChangesFromEnvironment);
