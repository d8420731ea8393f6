-- CreateTable
CREATE TABLE "orders" (
    "id" VARCHAR(100) NOT NULL,
    "customer_id" VARCHAR(64) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "total_amount" DECIMAL(12,2) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_items" (
    "order_id" VARCHAR(100) NOT NULL,
    "line_no" INTEGER NOT NULL,
    "sku" VARCHAR(64) NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price" DECIMAL(12,2) NOT NULL,
    "line_total" DECIMAL(12,2) NOT NULL,

    CONSTRAINT "order_items_pkey" PRIMARY KEY ("order_id","line_no")
);

-- CreateTable
CREATE TABLE "outflow_projection_versions" (
    "aggregate_type" VARCHAR(64) NOT NULL,
    "aggregate_id" VARCHAR(100) NOT NULL,
    "version" INTEGER NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outflow_projection_versions_pkey" PRIMARY KEY ("aggregate_type","aggregate_id")
);

-- CreateTable
CREATE TABLE "outflow_applied_events" (
    "event_id" VARCHAR(128) NOT NULL,
    "aggregate_type" VARCHAR(64) NOT NULL,
    "aggregate_id" VARCHAR(100) NOT NULL,
    "version" INTEGER NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outflow_applied_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE INDEX "outflow_applied_events_aggregate_type_aggregate_id_idx" ON "outflow_applied_events"("aggregate_type", "aggregate_id");

-- AddForeignKey
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

