import type { TableKind } from '../../catalog/model.js';
import type { ColumnRow, ConstraintRow, RelationRow, SchemaRow } from '../kernel/assemble-catalog.js';

export type Row = Record<string, unknown>;
export const str = (value: unknown) => (value === null || value === undefined ? null : String(value).trimEnd());
export const bytesPerBlock = 1024 * 1024;

/** "character varying" + 256 -> "character varying(256)", "numeric" + 10,2 -> "numeric(10,2)". */
export function nativeType(row: Row): string {
  const type = String(row.data_type);
  if (row.char_length !== null && row.char_length !== undefined) return `${type}(${row.char_length})`;
  if (/^(numeric|decimal)$/i.test(type) && row.precision !== null && row.precision !== undefined) {
    return `${type}(${row.precision},${row.scale ?? 0})`;
  }
  return type;
}

export function relationKind(row: Row): TableKind {
  if (row.is_materialized === true) return 'materialized_view';
  const type = String(row.table_type ?? '').toUpperCase();
  if (type.includes('EXTERNAL')) return 'external';
  if (type === 'VIEW') return 'view';
  return 'table';
}

/** Groups the one-row-per-column constraint rows into constraints. */
export function toConstraints(database: string, rows: Row[]): ConstraintRow[] {
  const byName = new Map<string, ConstraintRow>();
  for (const row of rows) {
    const key = JSON.stringify([row.schema, row.table, row.name]);
    const type = String(row.type);
    let constraint = byName.get(key);
    if (!constraint) {
      constraint = {
        database,
        schema: String(row.schema),
        table: String(row.table),
        name: str(row.name),
        kind: type === 'PRIMARY KEY' ? 'primary' : type === 'UNIQUE' ? 'unique' : 'foreign',
        columns: [],
        referencedColumns: [],
        referencedDatabase: type === 'FOREIGN KEY' ? database : null,
        referencedSchema: str(row.ref_schema),
        referencedTable: str(row.ref_table),
        onUpdate: str(row.on_update),
        onDelete: str(row.on_delete),
      };
      byName.set(key, constraint);
    }
    constraint.columns.push(String(row.column));
    if (row.ref_column !== null && row.ref_column !== undefined)
      constraint.referencedColumns!.push(String(row.ref_column));
  }
  return [...byName.values()];
}

/** A local, external or datashare schema; the non-local ones say what they are over. */
export function toSchema(database: string, row: Row, external: Map<unknown, Row>): SchemaRow {
  const source = external.get(row.schema)?.external_database ?? row.source_database;
  const kind = String(row.schema_type ?? 'local');
  return {
    database,
    schema: String(row.schema),
    comment: kind === 'local' ? null : `${kind} schema${source ? ` over ${String(source)}` : ''}`,
  };
}

export const toRelation = (database: string, row: Row): RelationRow => ({
  database,
  schema: String(row.schema),
  table: String(row.table),
  kind: relationKind(row),
  comment: str(row.comment),
  rowCountEstimate: row.row_estimate as number | null,
  sizeBytes: typeof row.size_mb === 'number' ? row.size_mb * bytesPerBlock : null,
});

/** External tables: marks the listed ones, adds those SVV_TABLES left out. */
export function addExternalTables(database: string, relations: RelationRow[], rows: Row[]): void {
  const known = new Map(relations.map((r) => [`${r.schema}.${r.table}`, r]));
  for (const row of rows) {
    const key = `${row.schema}.${row.table}`;
    const listed = known.get(key);
    if (listed) listed.kind = 'external';
    else {
      const added: RelationRow = { database, schema: String(row.schema), table: String(row.table), kind: 'external' };
      relations.push(added);
      known.set(key, added);
    }
  }
}

export const toColumn = (database: string, row: Row): ColumnRow => ({
  database,
  schema: String(row.schema),
  table: String(row.table),
  name: String(row.name),
  ordinal: Number(row.ordinal),
  nativeType: nativeType(row),
  familyType: String(row.data_type),
  nullable: String(row.is_nullable).toUpperCase() !== 'NO',
  default: str(row.default),
  comment: str(row.comment),
});
