/**
 * The fixture as SQL Server's sys.* views would show it: one result set per catalog query of the adapter, with the
 * columns that query selects (src/adapters/sqlserver/queries.ts).
 */
import type { FixtureColumn, FixtureTable } from '../../fixtures/shop-fixture.js';
import type { FakeColumn, FakeColumnType, FakeValue } from './tokens.js';

export interface FakeFixture {
  schemas: string[];
  tables: FixtureTable[];
  restrictedSchema: string;
}

export interface ResultSet {
  columns: FakeColumn[];
  rows: FakeValue[][];
}

export type CatalogKind = 'schemas' | 'tables' | 'columns' | 'keys' | 'foreign_keys' | 'indexes' | 'partitions';

const cols = (spec: string): FakeColumn[] =>
  spec.split(',').map((entry) => {
    const [name, type] = entry.trim().split(':') as [string, FakeColumnType | undefined];
    return { name, type: type ?? 'nvarchar' };
  });

/** Column lists of each catalog query, in select order. */
export const catalogColumns: Record<CatalogKind, FakeColumn[]> = {
  schemas: cols('schema_id:int, schema_name, owner_name, comment, can_select:bit'),
  tables: cols(
    'object_id:int, schema_name, table_name, kind, comment, view_definition, row_count:bigint, size_bytes:bigint',
  ),
  columns: cols(
    'object_id:int, column_id:int, column_name, type_name, base_type_name, max_length:int, precision:int, scale:int, is_nullable:bit, is_identity:bit, is_computed:bit, default_definition, comment',
  ),
  keys: cols('object_id:int, constraint_name, constraint_type, key_ordinal:int, column_name'),
  foreign_keys: cols(
    'object_id:int, constraint_name, constraint_column_id:int, column_name, referenced_schema, referenced_table, referenced_column, on_update, on_delete',
  ),
  indexes: cols(
    'object_id:int, index_name, is_unique:bit, is_primary_key:bit, is_unique_constraint:bit, index_type, filter_definition, key_ordinal:int, column_name',
  ),
  partitions: cols(
    'object_id:int, scheme_name, function_name, boundary_on_right:bit, column_name, partition_number:int, row_count:bigint',
  ),
};

/** Native SQL Server type of a fixture column: [type_name, max_length, precision, scale]. */
function nativeType(column: FixtureColumn): [string, number, number, number] {
  switch (column.type) {
    case 'integer':
      return ['int', 4, 10, 0];
    case 'decimal':
      return ['decimal', 9, column.precision ?? 18, column.scale ?? 2];
    case 'boolean':
      return ['bit', 1, 1, 0];
    case 'timestamp':
      return ['datetime2', 8, 27, 7];
    case 'date':
      return ['date', 3, 10, 0];
    case 'float':
      return ['float', 8, 53, 0];
    default:
      // payload-like columns are nvarchar(max), the rest nvarchar(255) (max_length counts bytes).
      return column.name === 'payload' ? ['nvarchar', -1, 0, 0] : ['nvarchar', 510, 0, 0];
  }
}

const kindOf: Record<FixtureTable['kind'], string> = {
  table: 'table',
  view: 'view',
  materialized_view: 'materialized_view',
  partitioned: 'partitioned',
};

/** Builds every result set once; object ids follow the fixture's table order. */
export function buildCatalogResults(fixture: FakeFixture, options: { hideRestricted: boolean }) {
  const schemaNames = [
    ...new Set([...fixture.schemas, fixture.restrictedSchema, ...fixture.tables.map((t) => t.schema)]),
  ];
  const objectId = new Map(fixture.tables.map((t, i) => [`${t.schema}.${t.name}`, 1000 + i]));
  const idOf = (schema: string, name: string) => objectId.get(`${schema}.${name}`) ?? 0;
  const visible = fixture.tables.filter((t) => !(options.hideRestricted && t.schema === fixture.restrictedSchema));

  const results: Record<CatalogKind, FakeValue[][]> = {
    schemas: schemaNames.map((name, i) => [
      5 + i,
      name,
      'dbo',
      null,
      !(options.hideRestricted && name === fixture.restrictedSchema),
    ]),
    tables: [],
    columns: [],
    keys: [],
    foreign_keys: [],
    indexes: [],
    partitions: [],
  };

  for (const table of visible) {
    const id = idOf(table.schema, table.name);
    const isView = table.kind === 'view' || table.kind === 'materialized_view';
    const definition = table.viewSql ? `CREATE VIEW [${table.schema}].[${table.name}] AS ${table.viewSql}` : null;
    const rows = isView && table.kind === 'view' ? null : (table.rows ?? 0);
    results.tables.push([
      id,
      table.schema,
      table.name,
      kindOf[table.kind],
      table.comment ?? null,
      definition,
      rows === null ? null : BigInt(rows),
      rows === null ? null : BigInt(16_384 + rows * 64),
    ]);
    table.columns.forEach((column, index) => {
      const [typeName, maxLength, precision, scale] = nativeType(column);
      const identity = !isView && table.primaryKey?.length === 1 && table.primaryKey[0] === column.name;
      const defaultDefinition = column.name === 'created_at' ? '(sysutcdatetime())' : null;
      results.columns.push([
        id,
        index + 1,
        column.name,
        typeName,
        typeName,
        maxLength,
        precision,
        scale,
        column.nullable,
        identity,
        false,
        defaultDefinition,
        column.comment ?? null,
      ]);
    });
    addKeysAndIndexes(results, table, id);
    for (const [n, fk] of (table.foreignKeys ?? []).entries()) {
      const name = `FK_${table.name}_${n + 1}`;
      fk.columns.forEach((column, i) => {
        const referenced = fk.referencedColumns[i] ?? '';
        results.foreign_keys.push([id, name, i + 1, column, fk.schema, fk.table, referenced, 'NO_ACTION', 'NO_ACTION']);
      });
    }
    if (table.partitioning) {
      const { column, partitions } = table.partitioning;
      partitions.forEach((_, i) => {
        results.partitions.push([id, `ps_${table.name}`, `pf_${table.name}`, true, column, i + 1, 0n]);
      });
    }
  }
  return results;
}

function addKeysAndIndexes(results: Record<CatalogKind, FakeValue[][]>, table: FixtureTable, id: number): void {
  const indexRow = (name: string, unique: boolean, pk: boolean, uq: boolean, type: string, columns: string[]) =>
    columns.forEach((column, i) => {
      results.indexes.push([id, name, unique, pk, uq, type, null, i + 1, column]);
    });
  if (table.primaryKey) {
    const name = `PK_${table.name}`;
    table.primaryKey.forEach((column, i) => {
      results.keys.push([id, name, 'PK', i + 1, column]);
    });
    indexRow(name, true, true, false, 'CLUSTERED', table.primaryKey);
  }
  for (const [n, unique] of (table.uniques ?? []).entries()) {
    const name = `UQ_${table.name}_${n + 1}`;
    unique.forEach((column, i) => {
      results.keys.push([id, name, 'UQ', i + 1, column]);
    });
    indexRow(name, true, false, true, 'NONCLUSTERED', unique);
  }
  for (const index of table.indexes ?? []) {
    indexRow(index.name, index.unique, false, false, 'NONCLUSTERED', index.columns);
  }
}
