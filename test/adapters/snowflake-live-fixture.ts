/** Snowflake DDL for the shared fixture, for the opt-in live test (creates a scratch database, then drops it). */
import type { FixtureColumn, FixtureTable } from '../fixtures/shop-fixture.js';
import { shopFixture } from '../fixtures/shop-fixture.js';

const nativeTypes: Partial<Record<FixtureColumn['type'], string>> = {
  integer: 'NUMBER(38,0)',
  text: 'VARCHAR',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP_NTZ',
  date: 'DATE',
  float: 'FLOAT',
};
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

function columnDdl(column: FixtureColumn): string {
  const type =
    column.type === 'decimal' ? `NUMBER(${column.precision ?? 38},${column.scale ?? 2})` : nativeTypes[column.type];
  const comment = column.comment ? ` COMMENT ${literal(column.comment)}` : '';
  return `${column.name} ${type ?? 'VARCHAR'}${column.nullable ? '' : ' NOT NULL'}${comment}`;
}

function tableDdl(table: FixtureTable): string {
  const name = `${table.schema}.${table.name}`;
  const comment = table.comment ? ` COMMENT = ${literal(table.comment)}` : '';
  if (table.kind === 'view' || table.kind === 'materialized_view') {
    const kind = table.kind === 'view' ? 'VIEW' : 'MATERIALIZED VIEW';
    return `CREATE ${kind} ${name}${comment} AS ${table.viewSql}`;
  }
  const parts = table.columns.map(columnDdl);
  if (table.primaryKey) parts.push(`PRIMARY KEY (${table.primaryKey.join(', ')})`);
  for (const unique of table.uniques ?? []) parts.push(`UNIQUE (${unique.join(', ')})`);
  for (const fk of table.foreignKeys ?? []) {
    parts.push(
      `FOREIGN KEY (${fk.columns.join(', ')}) REFERENCES ${fk.schema}.${fk.table} (${fk.referencedColumns.join(', ')})`,
    );
  }
  const cluster = table.partitioning ? ` CLUSTER BY (${table.partitioning.column})` : '';
  return `CREATE TABLE ${name} (${parts.join(', ')})${cluster}${comment}`;
}

/** Statements in order: database, schemas, tables (referenced ones first, as the fixture lists them), views. */
export function fixtureStatements(database: string): string[] {
  return [
    `CREATE DATABASE ${database}`,
    `USE DATABASE ${database}`,
    ...shopFixture.schemas.map((schema) => `CREATE SCHEMA ${schema}`),
    ...shopFixture.tables.map(tableDdl),
  ];
}
