/** Grows the shop fixture to `tableCount` tables, to show that introspection round trips do not grow with it. */
import { type FixtureTable, shopFixture } from '../../fixtures/shop-fixture.js';
import type { FakeFixture } from './catalog-data.js';

export function scaledShopFixture(tableCount: number): FakeFixture {
  const tables: FixtureTable[] = [...shopFixture.tables];
  for (let n = 1; tables.length < tableCount; n++) {
    const name = `generated_${String(n).padStart(4, '0')}`;
    tables.push({
      schema: n % 2 === 0 ? 'shop' : 'billing',
      name,
      kind: 'table',
      comment: `Generated table ${n}`,
      columns: [
        { name: 'id', type: 'integer', nullable: false },
        { name: 'customer_id', type: 'integer', nullable: true, comment: 'Who it is about' },
        { name: 'label', type: 'text', nullable: true },
        { name: 'amount', type: 'decimal', nullable: true, precision: 12, scale: 2 },
      ],
      primaryKey: ['id'],
      foreignKeys: [{ columns: ['customer_id'], schema: 'shop', table: 'customers', referencedColumns: ['id'] }],
      indexes: [{ name: `${name}_label_idx`, columns: ['label'], unique: false }],
      rows: n,
    });
  }
  return { ...shopFixture, tables };
}
