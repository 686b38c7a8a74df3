/**
 * DDL that loads test/fixtures/shop-fixture.ts into a Unity Catalog catalog of a real workspace, for the opt-in
 * live test. Constraints are informational in Databricks; the partitioned table is a Delta table PARTITIONED BY
 * its key column.
 */
import type { FixtureColumn } from '../fixtures/shop-fixture.js';
import { shopFixture } from '../fixtures/shop-fixture.js';

const quote = (name: string) => `\`${name.replace(/`/g, '``')}\``;
const literal = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function columnType(column: FixtureColumn): string {
  switch (column.type) {
    case 'integer':
      return 'INT';
    case 'decimal':
      return `DECIMAL(${column.precision ?? 18},${column.scale ?? 2})`;
    case 'timestamp':
      return 'TIMESTAMP';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    default:
      return 'STRING';
  }
}

/** Statements creating the fixture in `catalog` (schemas first, tables in dependency order, views last). */
export function fixtureDdl(catalog: string): string[] {
  const qualified = (schema: string, name: string) => `${quote(catalog)}.${quote(schema)}.${quote(name)}`;
  const statements = shopFixture.schemas.map(
    (schema) => `CREATE SCHEMA IF NOT EXISTS ${quote(catalog)}.${quote(schema)}`,
  );
  for (const table of shopFixture.tables) {
    const comment = table.comment ? ` COMMENT ${literal(table.comment)}` : '';
    if (table.kind === 'view' || table.kind === 'materialized_view') {
      const kind = table.kind === 'view' ? 'OR REPLACE VIEW' : 'OR REPLACE MATERIALIZED VIEW';
      statements.push(`CREATE ${kind} ${qualified(table.schema, table.name)}${comment} AS ${table.viewSql}`);
      continue;
    }
    const parts = table.columns.map(
      (c) =>
        `${quote(c.name)} ${columnType(c)}${c.nullable ? '' : ' NOT NULL'}${c.comment ? ` COMMENT ${literal(c.comment)}` : ''}`,
    );
    if (table.primaryKey)
      parts.push(`CONSTRAINT ${quote(`${table.name}_pk`)} PRIMARY KEY (${table.primaryKey.map(quote).join(', ')})`);
    for (const fk of table.foreignKeys ?? []) {
      parts.push(
        `CONSTRAINT ${quote(`${table.name}_${fk.columns.join('_')}_fk`)} FOREIGN KEY (${fk.columns.map(quote).join(', ')}) REFERENCES ${qualified(fk.schema, fk.table)} (${fk.referencedColumns.map(quote).join(', ')})`,
      );
    }
    const partitioned = table.partitioning ? ` PARTITIONED BY (${quote(table.partitioning.column)})` : '';
    statements.push(
      `CREATE TABLE IF NOT EXISTS ${qualified(table.schema, table.name)} (${parts.join(', ')})${partitioned}${comment}`,
    );
  }
  return statements;
}

export function dropFixtureDdl(catalog: string): string[] {
  return shopFixture.schemas.map((schema) => `DROP SCHEMA IF EXISTS ${quote(catalog)}.${quote(schema)} CASCADE`);
}
