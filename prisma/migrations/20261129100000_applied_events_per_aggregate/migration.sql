-- Applied-event markers are keyed per aggregate (issue 12, item 1): outcomes are decided by
-- version, markers only refine the equal-version case, and an event id seen before — at another
-- version of the same aggregate, or for another aggregate — must never fail a write with 23505.
-- The new primary key starts with (aggregate_type, aggregate_id), so the old index on those two
-- columns is redundant.
ALTER TABLE "outflow_applied_events" DROP CONSTRAINT "outflow_applied_events_pkey";

ALTER TABLE "outflow_applied_events"
  ADD CONSTRAINT "outflow_applied_events_pkey" PRIMARY KEY ("aggregate_type", "aggregate_id", "event_id");

DROP INDEX "outflow_applied_events_aggregate_type_aggregate_id_idx";
