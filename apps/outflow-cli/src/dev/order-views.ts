import type { OutboxStore } from '@outflow/core-application';
import type { LegacyDatabase } from '@outflow/prisma-legacy-projection';

/** An order as one side holds it, in the same shape for both sides so they can be compared. */
export interface OrderSnapshot {
  readonly version: number;
  readonly deleted: boolean;
  readonly status?: string;
  readonly currency?: string;
  readonly totalCents?: number;
  readonly items?: readonly {
    readonly sku: string;
    readonly quantity: number;
    readonly unitPriceCents: number;
  }[];
}

export interface OrderComparison {
  readonly orderId: string;
  readonly source: OrderSnapshot | null;
  readonly legacy: OrderSnapshot | null;
  readonly agree: boolean;
}

export async function sourceOrder(store: OutboxStore, orderId: string): Promise<OrderSnapshot | null> {
  const snapshot = await store.load('order', orderId);
  if (!snapshot) return null;
  if (snapshot.state === null) return { version: snapshot.version, deleted: true };
  const s = snapshot.state as {
    status: string;
    currency: string;
    totalCents: number;
    items: { sku: string; quantity: number; unitPriceCents: number }[];
  };
  return {
    version: snapshot.version,
    deleted: false,
    status: s.status,
    currency: s.currency,
    totalCents: s.totalCents,
    items: s.items.map(({ sku, quantity, unitPriceCents }) => ({ sku, quantity, unitPriceCents })),
  };
}

const cents = (decimal: string) => Math.round(Number(decimal) * 100);

export async function legacyOrder(db: LegacyDatabase, orderId: string): Promise<OrderSnapshot | null> {
  const [version] = await db.prisma.$queryRawUnsafe<{ version: number; deleted: boolean }[]>(
    `SELECT version, deleted FROM outflow_projection_versions WHERE aggregate_type = 'order' AND aggregate_id = $1`,
    orderId,
  );
  if (!version) return null;
  if (version.deleted) return { version: version.version, deleted: true };
  const [order] = await db.prisma.$queryRawUnsafe<{ status: string; currency: string; total: string }[]>(
    `SELECT status, currency, total_amount::text AS total FROM orders WHERE id = $1`,
    orderId,
  );
  const items = await db.prisma.$queryRawUnsafe<{ sku: string; quantity: number; unit_price: string }[]>(
    `SELECT sku, quantity, unit_price::text AS unit_price FROM order_items WHERE order_id = $1 ORDER BY line_no`,
    orderId,
  );
  return {
    version: version.version,
    deleted: false,
    ...(order ? { status: order.status, currency: order.currency, totalCents: cents(order.total) } : {}),
    items: items.map((i) => ({ sku: i.sku, quantity: i.quantity, unitPriceCents: cents(i.unit_price) })),
  };
}

export const compareOrder = (
  orderId: string,
  source: OrderSnapshot | null,
  legacy: OrderSnapshot | null,
): OrderComparison => ({
  orderId,
  source,
  legacy,
  agree: JSON.stringify(source) === JSON.stringify(legacy),
});

const describe = (side: OrderSnapshot | null) => {
  if (!side) return 'not there';
  if (side.deleted) return `deleted at version ${side.version}`;
  const items = (side.items ?? [])
    .map((i) => `${i.quantity} × ${i.sku} @ ${(i.unitPriceCents / 100).toFixed(2)}`)
    .join(', ');
  return `version ${side.version}, ${side.status}, total ${((side.totalCents ?? 0) / 100).toFixed(2)} ${side.currency}; items: ${items}`;
};

export const formatComparison = (c: OrderComparison): string =>
  [
    `order ${c.orderId}`,
    `  source table (DynamoDB): ${describe(c.source)}`,
    `  legacy database:         ${describe(c.legacy)}`,
    c.agree
      ? '  ✓ they agree'
      : c.source && c.legacy && c.legacy.version < c.source.version
        ? `  ✗ the legacy database is behind (version ${c.legacy.version} < ${c.source.version}); the change may still be on its way — is \`npm start\` running?`
        : '  ✗ they differ',
  ].join('\n');
