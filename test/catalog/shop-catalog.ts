import type { Catalog, Column, Table, TypeFamily } from '../../src/catalog/model.js';
import { type FixtureTable, shopFixture } from '../fixtures/shop-fixture.js';

const nativeTypes: Partial<Record<TypeFamily, string>> = {
  integer: 'integer',
  text: 'text',
  decimal: 'numeric',
  boolean: 'boolean',
  timestamp: 'timestamp with time zone',
  date: 'date',
};

function toTable(fixture: FixtureTable): Table {
  const columns: Column[] = fixture.columns.map((column, i) => ({
    name: column.name,
    ordinal: i + 1,
    nativeType:
      column.type === 'decimal' && column.precision
        ? `numeric(${column.precision},${column.scale ?? 0})`
        : (nativeTypes[column.type] ?? column.type),
    type: column.type,
    nullable: column.nullable,
    ...(column.comment ? { comment: column.comment } : {}),
    ...(column.name === 'created_at' ? { default: 'now()' } : {}),
    ...(column.name === 'country_code'
      ? { stats: { source: 'statistics' as const, nullFraction: 0.2, distinctCount: 3, sampleValues: ['DE', 'FR'] } }
      : {}),
  }));
  return {
    name: fixture.name,
    kind: fixture.kind,
    ...(fixture.comment ? { comment: fixture.comment } : {}),
    ...(fixture.rows !== undefined ? { rowCountEstimate: fixture.rows } : {}),
    ...(fixture.viewSql ? { viewDefinition: fixture.viewSql } : {}),
    columns,
    ...(fixture.primaryKey ? { primaryKey: { columns: fixture.primaryKey } } : {}),
    foreignKeys: (fixture.foreignKeys ?? []).map((fk) => ({
      columns: fk.columns,
      referencedSchema: fk.schema,
      referencedTable: fk.table,
      referencedColumns: fk.referencedColumns,
    })),
    uniqueConstraints: (fixture.uniques ?? []).map((columns) => ({ columns })),
    indexes: (fixture.indexes ?? []).map((index) => ({ ...index })),
    ...(fixture.partitioning
      ? {
          partitioning: {
            strategy: fixture.partitioning.strategy,
            columns: [fixture.partitioning.column],
            partitions: fixture.partitioning.partitions,
          },
        }
      : {}),
  };
}

/** The shop fixture as a PostgreSQL catalog, as an adapter would return it. */
export function shopCatalog(): Catalog {
  return {
    formatVersion: 1,
    engine: 'postgres',
    introspectedAt: '2026-11-01T00:00:00.000Z',
    databases: [
      {
        name: 'test',
        schemas: shopFixture.schemas.map((schema) => ({
          name: schema,
          tables: shopFixture.tables.filter((table) => table.schema === schema).map(toTable),
        })),
      },
    ],
    warnings: [],
  };
}

const words = ['account', 'invoice', 'ledger', 'session', 'event', 'metric', 'shipment', 'warehouse', 'campaign'];
const genericColumns = [
  'name',
  'status',
  'amount',
  'created_at',
  'updated_at',
  'code',
  'note',
  'owner',
  'region',
  'value',
];
const families: TypeFamily[] = ['integer', 'text', 'decimal', 'timestamp', 'boolean', 'date'];

/** A deterministic catalog of `tables` tables over 50 schemas, with comments, defaults, indexes, keys and stats. */
export function generatedCatalog(tables = 5000, columnsPerTable = 12): Catalog {
  const schemas = Array.from({ length: 50 }, (_, s) => ({ name: `schema_${s}`, tables: [] as Table[] }));
  for (let t = 0; t < tables; t++) {
    const schema = schemas[t % schemas.length] as (typeof schemas)[number];
    const word = words[t % words.length] as string;
    const name = `${word}_${t}`;
    const columns: Column[] = Array.from({ length: columnsPerTable }, (_, c) => {
      const type = c === 0 ? 'integer' : (families[(t + c) % families.length] as TypeFamily);
      const generic = genericColumns[(t + c) % genericColumns.length] as string;
      return {
        name: c === 0 ? 'id' : c === 1 ? `${words[(t + 1) % words.length]}_id` : `${generic}_${c}`,
        ordinal: c + 1,
        nativeType: type,
        type,
        nullable: c !== 0,
        comment: `The ${generic} of this ${word}`,
        ...(c === 2 ? { default: "'x'" } : {}),
        stats: { source: 'sample' as const, nullFraction: 0.1, distinctCount: 10, sampleValues: ['alpha', 'beta'] },
      };
    });
    const referenced = t > 0 && t % 3 === 0 ? t - 1 : undefined;
    schema.tables.push({
      name,
      kind: t % 10 === 0 ? 'view' : 'table',
      comment: `All ${word} rows of tenant ${t}`,
      rowCountEstimate: (t * 37) % 100_000,
      ...(t % 10 === 0 ? { viewDefinition: `SELECT * FROM ${schema.name}.source_${t} WHERE tenant = ${t}` } : {}),
      columns,
      primaryKey: { columns: ['id'] },
      foreignKeys:
        referenced === undefined
          ? []
          : [
              {
                columns: [columns[1]?.name ?? 'id'],
                referencedSchema: `schema_${referenced % 50}`,
                referencedTable: `${words[referenced % words.length]}_${referenced}`,
                referencedColumns: ['id'],
              },
            ],
      uniqueConstraints: [],
      indexes: [{ name: `${name}_idx`, columns: [columns[2]?.name ?? 'id'], unique: false }],
    });
  }
  return {
    formatVersion: 1,
    engine: 'postgres',
    introspectedAt: '2026-11-01T00:00:00.000Z',
    databases: [{ name: 'warehouse', schemas }],
    warnings: [],
  };
}
