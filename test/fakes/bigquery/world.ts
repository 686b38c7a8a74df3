/** What the fake BigQuery project holds: the shared shop fixture as datasets, plus BigQuery-only extras. */
import { type FixtureColumn, type FixtureTable, shopFixture } from '../../fixtures/shop-fixture.js';

export interface FakeColumn extends FixtureColumn {
  /** Overrides the type derived from the family, e.g. STRUCT<city STRING, zip STRING>. */
  bigqueryType?: string;
  /** Nested fields of a STRUCT column (COLUMN_FIELD_PATHS rows `column.field`). */
  fields?: Array<{ name: string; type: string; description?: string }>;
}

export interface FakeTable extends Omit<FixtureTable, 'columns'> {
  columns: FakeColumn[];
  clusterBy?: string[];
}

export interface FakeWorld {
  projectId: string;
  location: string;
  datasets: string[];
  datasetComments: Record<string, string>;
  tables: FakeTable[];
}

/** The shop fixture as a BigQuery project; `restrictedSchema` exists with one table that restricted users cannot read. */
export function shopWorld(projectId = 'datatasks-fake', location = 'US'): FakeWorld {
  return {
    projectId,
    location,
    datasets: [...shopFixture.schemas, shopFixture.restrictedSchema],
    datasetComments: { shop: 'The web shop' },
    tables: [
      ...shopFixture.tables,
      {
        schema: shopFixture.restrictedSchema,
        name: 'secrets',
        kind: 'table',
        columns: [{ name: 'id', type: 'integer', nullable: false }],
      },
    ],
  };
}

/**
 * The shop world grown to `tableCount` tables: generated tables in a `bulk` dataset, each with five columns, a
 * primary key and a foreign key to the previous one, so that every catalog view grows with the table count.
 */
export function scaledWorld(tableCount: number, projectId?: string): FakeWorld {
  const world = shopWorld(projectId);
  const extra = Math.max(0, tableCount - world.tables.length);
  const name = (i: number) => `t_${String(i).padStart(5, '0')}`;
  for (let i = 0; i < extra; i++) {
    world.tables.push({
      schema: 'bulk',
      name: name(i),
      kind: 'table',
      comment: `Generated table ${i}`,
      columns: [
        { name: 'id', type: 'integer', nullable: false },
        { name: 'parent_id', type: 'integer', nullable: true },
        { name: 'label', type: 'text', nullable: true, comment: 'A label' },
        { name: 'amount', type: 'decimal', nullable: true, precision: 12, scale: 2 },
        { name: 'created_at', type: 'timestamp', nullable: false },
      ],
      primaryKey: ['id'],
      ...(i > 0
        ? { foreignKeys: [{ columns: ['parent_id'], schema: 'bulk', table: name(i - 1), referencedColumns: ['id'] }] }
        : {}),
      rows: i,
    });
  }
  if (extra > 0) world.datasets.push('bulk');
  return world;
}

const familyTypes: Record<string, string> = {
  text: 'STRING',
  integer: 'INT64',
  float: 'FLOAT64',
  boolean: 'BOOL',
  date: 'DATE',
  time: 'TIME',
  timestamp: 'TIMESTAMP',
  interval: 'INTERVAL',
  json: 'JSON',
  binary: 'BYTES',
  uuid: 'STRING',
  array: 'ARRAY<STRING>',
  struct: 'STRUCT<value STRING>',
  geography: 'GEOGRAPHY',
  other: 'STRING',
};

/** The BigQuery type of a fixture column, as INFORMATION_SCHEMA.COLUMNS.data_type spells it. */
export function bigQueryType(column: FakeColumn): string {
  if (column.bigqueryType) return column.bigqueryType;
  if (column.type === 'decimal') {
    return column.precision !== undefined ? `NUMERIC(${column.precision}, ${column.scale ?? 0})` : 'NUMERIC';
  }
  return familyTypes[column.type] ?? 'STRING';
}
