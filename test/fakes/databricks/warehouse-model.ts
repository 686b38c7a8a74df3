/**
 * What the fake warehouse contains: the shared shop fixture (optionally scaled to N tables) placed in one Unity
 * Catalog catalog, plus a restricted schema only the full-access token can see. Types are Databricks native types.
 */
import type { TypeFamily } from '../../../src/catalog/model.js';
import { type FixtureTable, shopFixture } from '../../fixtures/shop-fixture.js';

export interface WarehouseColumn {
  name: string;
  /** DATA_TYPE, e.g. DECIMAL. */
  dataType: string;
  /** FULL_DATA_TYPE, e.g. decimal(10,2). */
  fullType: string;
  nullable: boolean;
  comment?: string;
  precision?: number;
  scale?: number;
  partitionIndex?: number;
}

export interface WarehouseTable {
  catalog: string;
  schema: string;
  name: string;
  /** information_schema TABLE_TYPE: MANAGED, VIEW, MATERIALIZED_VIEW. */
  tableType: string;
  comment?: string;
  viewDefinition?: string;
  columns: WarehouseColumn[];
  primaryKey?: string[];
  foreignKeys: Array<{ columns: string[]; schema: string; table: string; referencedColumns: string[] }>;
}

export interface WarehouseModel {
  catalogs: Array<{ name: string; comment?: string }>;
  schemas: Array<{ catalog: string; name: string; comment?: string; owner: string }>;
  tables: WarehouseTable[];
  /** Schema hidden from (and forbidden to) the restricted token. */
  restrictedSchema: string;
}

const nativeTypes: Partial<Record<TypeFamily, string>> = {
  integer: 'INT',
  text: 'STRING',
  timestamp: 'TIMESTAMP',
  decimal: 'DECIMAL',
  boolean: 'BOOLEAN',
  date: 'DATE',
  float: 'DOUBLE',
};

function toWarehouseTable(catalog: string, table: FixtureTable): WarehouseTable {
  const tableType =
    table.kind === 'view' ? 'VIEW' : table.kind === 'materialized_view' ? 'MATERIALIZED_VIEW' : 'MANAGED';
  return {
    catalog,
    schema: table.schema,
    name: table.name,
    tableType,
    ...(table.comment ? { comment: table.comment } : {}),
    ...(table.viewSql ? { viewDefinition: table.viewSql } : {}),
    columns: table.columns.map((column) => {
      const dataType = nativeTypes[column.type] ?? 'STRING';
      const precision = column.precision ?? (dataType === 'DECIMAL' ? 10 : undefined);
      const scale = column.scale ?? (dataType === 'DECIMAL' ? 0 : undefined);
      const partitionIndex = table.partitioning?.column === column.name ? 0 : undefined;
      return {
        name: column.name,
        dataType,
        fullType: dataType === 'DECIMAL' ? `decimal(${precision},${scale})` : dataType.toLowerCase(),
        nullable: column.nullable,
        ...(column.comment ? { comment: column.comment } : {}),
        ...(precision !== undefined ? { precision, scale } : {}),
        ...(partitionIndex !== undefined ? { partitionIndex } : {}),
      };
    }),
    ...(table.primaryKey ? { primaryKey: table.primaryKey } : {}),
    foreignKeys: table.foreignKeys ?? [],
  };
}

/** The fixture plus generated tables up to `tableCount` in all (each with a key and a foreign key). */
export function scaledFixtureTables(tableCount: number): FixtureTable[] {
  const tables = [...shopFixture.tables];
  for (let i = 1; tables.length < tableCount; i++) {
    const name = `generated_${String(i).padStart(4, '0')}`;
    tables.push({
      schema: i % 2 === 0 ? 'billing' : 'shop',
      name,
      kind: 'table',
      comment: `Generated table ${i}`,
      columns: [
        { name: 'id', type: 'integer', nullable: false },
        { name: 'customer_id', type: 'integer', nullable: true },
        { name: 'label', type: 'text', nullable: true },
      ],
      primaryKey: ['id'],
      foreignKeys: [{ columns: ['customer_id'], schema: 'shop', table: 'customers', referencedColumns: ['id'] }],
    });
  }
  return tables;
}

export function buildWarehouseModel(options: { catalog: string; tableCount?: number }): WarehouseModel {
  const { catalog } = options;
  const fixtureTables = scaledFixtureTables(options.tableCount ?? shopFixture.tables.length);
  const restrictedSchema = shopFixture.restrictedSchema;
  return {
    catalogs: [
      { name: catalog, comment: 'Fixture catalog' },
      { name: 'system', comment: 'System catalog' },
      { name: 'hive_metastore' },
    ],
    schemas: [
      ...shopFixture.schemas.map((name) => ({ catalog, name, owner: 'fixture_owner' })),
      { catalog, name: restrictedSchema, owner: 'admin', comment: 'Only admins may read this' },
      { catalog, name: 'information_schema', owner: 'System user' },
      { catalog: 'system', name: 'information_schema', owner: 'System user' },
      { catalog: 'hive_metastore', name: 'default', owner: 'admin' },
    ],
    tables: [
      ...fixtureTables.map((table) => toWarehouseTable(catalog, table)),
      {
        catalog: 'hive_metastore',
        schema: 'default',
        name: 'legacy_events',
        tableType: 'MANAGED',
        comment: 'Pre-Unity Catalog table',
        columns: [
          { name: 'event_id', dataType: 'BIGINT', fullType: 'bigint', nullable: true },
          { name: 'payload', dataType: 'STRING', fullType: 'string', nullable: true },
        ],
        foreignKeys: [],
      },
      {
        catalog,
        schema: restrictedSchema,
        name: 'secrets',
        tableType: 'MANAGED',
        columns: [
          { name: 'id', dataType: 'INT', fullType: 'int', nullable: false },
          { name: 'secret', dataType: 'STRING', fullType: 'string', nullable: true },
        ],
        foreignKeys: [],
      },
    ],
    restrictedSchema,
  };
}
