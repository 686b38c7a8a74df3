import type { TableKind } from '../../catalog/model.js';
import type { ConstraintRow } from '../kernel/assemble-catalog.js';

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
