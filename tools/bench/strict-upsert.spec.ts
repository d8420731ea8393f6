import { ordersLegacyMapping } from '@outflow/orders';
import { sampleOrderState } from '@outflow/orders/testing';
import { strictUpsertText, strictUpsertValues } from './strict-upsert';

const rowsOf = (id: string, version: number) => {
  const rows = ordersLegacyMapping.toRows(id, { ...sampleOrderState(id, version) });
  if (!rows.ok) throw rows.error;
  return rows.value;
};

describe('strictUpsertText', () => {
  const text = strictUpsertText(ordersLegacyMapping);
  const rootColumns = Object.keys(ordersLegacyMapping.root.columns).length;
  const childColumns = ordersLegacyMapping.children.reduce((n, c) => n + Object.keys(c.columns).length, 0);

  it('has one array parameter per column of the root and child tables, and no guard or marker', () => {
    const placeholders = [...text.matchAll(/\$(\d+)::\w+\[\]/g)].map((m) => Number(m[1]));
    expect(placeholders).toEqual(Array.from({ length: rootColumns + childColumns }, (_, i) => i + 1));
    expect(text).not.toMatch(/outflow_projection_versions|outflow_applied_events/);
  });

  it('upserts the root and child rows and deletes the child rows that are gone', () => {
    expect(text).toContain('INSERT INTO "orders"');
    expect(text).toContain('INSERT INTO "order_items"');
    expect(text).toContain('DELETE FROM "order_items"');
    expect(text.match(/ON CONFLICT/g)).toHaveLength(2);
  });
});

describe('strictUpsertValues', () => {
  it('gives one array per column, the child arrays holding every order’s lines', () => {
    const batch = [rowsOf('a', 1), rowsOf('b', 2)];
    const values = strictUpsertValues(ordersLegacyMapping, batch);
    const rootColumns = Object.keys(ordersLegacyMapping.root.columns);
    expect(values).toHaveLength(
      rootColumns.length +
        ordersLegacyMapping.children.reduce((n, c) => n + Object.keys(c.columns).length, 0),
    );
    expect(values[rootColumns.indexOf(ordersLegacyMapping.root.idColumn)]).toEqual(['a', 'b']);
    const lines = batch.reduce((n, r) => n + (r.children['order_items']?.length ?? 0), 0);
    expect(values[rootColumns.length]).toHaveLength(lines);
  });
});
