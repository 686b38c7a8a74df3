/** Grows the shop fixture to any number of tables, for round-trip accounting (10 -> 1,000 tables). */
import type { FixtureTable } from '../../fixtures/shop-fixture.js';
import { shopFixture } from '../../fixtures/shop-fixture.js';
import { type CatalogWorld, defaultWorld } from './catalog-world.js';

/** The fixture plus generated tables (with a key, a comment and a foreign key to customers) up to `tableCount`. */
export function scaledWorld(tableCount: number, database = 'SHOPDB'): CatalogWorld {
  const tables: FixtureTable[] = [...shopFixture.tables];
  for (let i = tables.length; i < tableCount; i++) {
    tables.push({
      schema: i % 2 === 0 ? 'shop' : 'billing',
      name: `generated_${String(i).padStart(4, '0')}`,
      kind: 'table',
      comment: `Generated table ${i}`,
      columns: [
        { name: 'id', type: 'integer', nullable: false },
        { name: 'customer_id', type: 'integer', nullable: true },
        { name: 'label', type: 'text', nullable: true, comment: 'A label' },
        { name: 'amount', type: 'decimal', nullable: true, precision: 12, scale: 2 },
      ],
      primaryKey: ['id'],
      foreignKeys: [{ columns: ['customer_id'], schema: 'shop', table: 'customers', referencedColumns: ['id'] }],
      rows: i,
    });
  }
  return defaultWorld(database, tables);
}
