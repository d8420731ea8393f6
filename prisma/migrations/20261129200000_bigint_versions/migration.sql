-- Versions of an aggregate go up to Number.MAX_SAFE_INTEGER (2^53 - 1), what every event may carry
-- (parseOutboxEvent): INTEGER stopped at 2^31 - 1 and refused the change of any aggregate past it.
-- AlterTable
ALTER TABLE "outflow_projection_versions" ALTER COLUMN "version" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "outflow_applied_events" ALTER COLUMN "version" SET DATA TYPE BIGINT;
