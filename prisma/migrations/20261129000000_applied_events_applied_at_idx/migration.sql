-- CreateIndex
CREATE INDEX "outflow_applied_events_applied_at_idx" ON "outflow_applied_events"("applied_at");
