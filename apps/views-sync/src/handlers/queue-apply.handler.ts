import { createSqsApplyHandler } from '@outflow/runtime-lambda';
import { applyChangesFromEnvironment } from '../composition-root';

/**
 * SQS standard-queue consumer (bus rule `views` → queue → this Lambda; delivery `unordered`):
 * applies each batch of order changes to the views table (one TransactWriteItems per change,
 * exact under duplicates and reordering) and reports failed messages as batchItemFailures
 * (ReportBatchItemFailures). The use case is built once per cold start.
 */
export const handler = createSqsApplyHandler(applyChangesFromEnvironment);
