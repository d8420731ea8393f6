import { createSqsApplyHandler } from '@outflow/runtime-lambda';
import { applyChangesFromEnvironment } from '../composition-root';

/**
 * SQS FIFO consumer (bus rule → queue → this Lambda): applies each batch of changes to the
 * legacy database and reports failed messages as batchItemFailures (ReportBatchItemFailures).
 * The use case is built once per cold start, on the first batch.
 */
export const handler = createSqsApplyHandler(applyChangesFromEnvironment);
