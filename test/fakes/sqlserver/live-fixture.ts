/**
 * T-SQL batches that load test/fixtures/shop-fixture.ts into a real SQL Server database (opt-in live test only).
 * Types match the fake's sys.* answers (sys-catalog.ts). The materialized view becomes an indexed view, which SQL
 * Server only accepts WITH SCHEMABINDING and with a COUNT_BIG(*) column next to the SUM.
 */
import type { FixtureColumn, FixtureTable } from '../../fixtures/shop-fixture.js';
import { shopFixture } from '../../fixtures/shop-fixture.js';

const quote = (name: string) => `[${name.replace(/]/g, ']]')}]`;
const literal = (text: string) => `N'${text.replace(/'/g, "''")}'`;
const qualified = (table: { schema: string; name: string }) => `${quote(table.schema)}.${quote(table.name)}`;

function sqlType(column: FixtureColumn): string {
  switch (column.type) {
    case 'integer':
      return 'int';
    case 'decimal':
      return `decimal(${column.precision ?? 18},${column.scale ?? 2})`;
    case 'boolean':
      return 'bit';
    case 'timestamp':
      return 'datetime2(7)';
    case 'date':
      return 'date';
    case 'float':
      return 'float';
    default:
      return column.name === 'payload' ? 'nvarchar(max)' : 'nvarchar(255)';
  }
}

function describe(table: FixtureTable, text: string, column?: string): string {
  const kind = table.kind === 'view' || table.kind === 'materialized_view' ? 'VIEW' : 'TABLE';
  const columnPart = column ? `, @level2type = N'COLUMN', @level2name = ${literal(column)}` : '';
  return `EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = ${literal(text)},
  @level0type = N'SCHEMA', @level0name = ${literal(table.schema)}, @level1type = N'${kind}',
  @level1name = ${literal(table.name)}${columnPart}`;
}

function createTable(table: FixtureTable): string[] {
  const lines = table.columns.map((c) => `${quote(c.name)} ${sqlType(c)} ${c.nullable ? 'NULL' : 'NOT NULL'}`);
  if (table.primaryKey)
    lines.push(`CONSTRAINT ${quote(`PK_${table.name}`)} PRIMARY KEY (${table.primaryKey.map(quote).join(', ')})`);
  for (const [n, unique] of (table.uniques ?? []).entries()) {
    lines.push(`CONSTRAINT ${quote(`UQ_${table.name}_${n + 1}`)} UNIQUE (${unique.map(quote).join(', ')})`);
  }
  for (const fk of table.foreignKeys ?? []) {
    lines.push(
      `FOREIGN KEY (${fk.columns.map(quote).join(', ')}) REFERENCES ${qualified({ schema: fk.schema, name: fk.table })} (${fk.referencedColumns.map(quote).join(', ')})`,
    );
  }
  const on = table.partitioning ? ` ON ${quote(`ps_${table.name}`)}(${quote(table.partitioning.column)})` : '';
  const batches: string[] = [];
  if (table.partitioning) {
    batches.push(
      `CREATE PARTITION FUNCTION ${quote(`pf_${table.name}`)} (date) AS RANGE RIGHT FOR VALUES ('2026-02-01')`,
      `CREATE PARTITION SCHEME ${quote(`ps_${table.name}`)} AS PARTITION ${quote(`pf_${table.name}`)} ALL TO ([PRIMARY])`,
    );
  }
  batches.push(`CREATE TABLE ${qualified(table)} (\n  ${lines.join(',\n  ')}\n)${on}`);
  for (const index of table.indexes ?? []) {
    batches.push(
      `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quote(index.name)} ON ${qualified(table)} (${index.columns.map(quote).join(', ')})`,
    );
  }
  return batches;
}

function createView(table: FixtureTable): string[] {
  if (table.kind === 'view') return [`CREATE VIEW ${qualified(table)} AS ${table.viewSql}`];
  const body = `SELECT CAST(paid_at AS date) AS [day], SUM(amount) AS revenue, COUNT_BIG(*) AS row_count
FROM billing.payments GROUP BY CAST(paid_at AS date)`;
  return [
    `CREATE VIEW ${qualified(table)} WITH SCHEMABINDING AS ${body}`,
    `CREATE UNIQUE CLUSTERED INDEX ${quote(`CX_${table.name}`)} ON ${qualified(table)} ([day])`,
  ];
}

/** Batches in order: schemas, tables (referenced ones first, as in the fixture), views, descriptions. */
export function shopFixtureBatches(): string[] {
  const schemas = [...shopFixture.schemas, shopFixture.restrictedSchema];
  const batches = schemas.map((schema) => `CREATE SCHEMA ${quote(schema)}`);
  batches.push(`CREATE TABLE ${quote(shopFixture.restrictedSchema)}.[secrets] ([id] int NOT NULL PRIMARY KEY)`);
  for (const table of shopFixture.tables) {
    batches.push(
      ...(table.kind === 'view' || table.kind === 'materialized_view' ? createView(table) : createTable(table)),
    );
  }
  for (const table of shopFixture.tables) {
    if (table.comment) batches.push(describe(table, table.comment));
    for (const column of table.columns) if (column.comment) batches.push(describe(table, column.comment, column.name));
  }
  return batches;
}
