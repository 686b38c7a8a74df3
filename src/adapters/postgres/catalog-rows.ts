import type { EnumType, Sequence, TableKind } from '../../catalog/model.js';
import type {
  ColumnRow,
  ConstraintRow,
  IndexRow,
  PartitionRow,
  RelationRow,
  SchemaRow,
} from '../kernel/assemble-catalog.js';

/** Maps the rows of the PostgreSQL catalog queries (queries.ts) to the shapes `assembleCatalog` takes. */

export type Row = Record<string, unknown>;
export type PgRelation = RelationRow & { canSelect: boolean };

const str = (value: unknown) => (value === null || value === undefined ? null : String(value));
const kinds: Record<string, TableKind> = {
  r: 'table',
  v: 'view',
  m: 'materialized_view',
  f: 'foreign',
  p: 'partitioned',
};
const fkActions: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};
const strategies: Record<string, string> = { r: 'range', l: 'list', h: 'hash' };
const constraintKinds: Record<string, ConstraintRow['kind']> = { p: 'primary', f: 'foreign', u: 'unique', c: 'check' };

export const toSchema = (database: string, r: Row): SchemaRow => ({
  database,
  schema: String(r.schema),
  comment: str(r.comment),
  owner: str(r.owner),
  enums: toEnums(r.enums),
  sequences: toSequences(r.sequences),
});

export const toRelation = (database: string, row: Row): PgRelation => ({
  database,
  schema: String(row.schema),
  table: String(row.table),
  kind: row.persistence === 't' ? 'temporary' : (kinds[String(row.relkind)] ?? 'table'),
  comment: str(row.comment),
  rowCountEstimate: row.row_estimate as number | null,
  sizeBytes: row.size_bytes as number | null,
  viewDefinition: str(row.view_definition)?.trim() ?? null,
  canSelect: row.can_select === true,
});

/**
 * The columns query names its fields as ColumnRow does (text, int2 and boolean values as the driver parses them),
 * so the driver's row is completed in place: at 500,000 columns a copy per row was the largest allocation.
 */
export const toColumn = (database: string, row: Row): ColumnRow => {
  row.database = database;
  return row as unknown as ColumnRow;
};

/** Names key and index columns, which the catalog queries return as attribute numbers (cheaper to read). */
export function columnNamer(columns: ColumnRow[]): (row: Row, numbers: number[]) => string[] {
  const byTable = new Map<string, Map<number, string>>();
  for (const column of columns) {
    const key = `${column.schema}\u0000${column.table}`;
    const names = byTable.get(key) ?? new Map<number, string>();
    if (names.size === 0) byTable.set(key, names);
    names.set(Number(column.ordinal), column.name);
  }
  return (row, numbers) => {
    const names = byTable.get(`${String(row.schema)}\u0000${String(row.table)}`);
    // Expression entries (0) have no column name; the index definition carries them.
    return numbers.flatMap((n) => (n > 0 && names?.has(n) ? [names.get(n)!] : []));
  };
}

/** `1,2,3` (array_to_string of an int2 array) as numbers. */
const numbers = (text: unknown): number[] =>
  typeof text === 'string' && text !== '' ? text.split(',').map(Number) : [];

export const toConstraint = (database: string, row: Row, name: ReturnType<typeof columnNamer>): ConstraintRow => ({
  database,
  schema: String(row.schema),
  table: String(row.table),
  name: str(row.name),
  kind: constraintKinds[String(row.type)] ?? 'unique',
  columns: name(row, numbers(row.column_numbers)),
  expression: str(row.definition),
  referencedDatabase: row.type === 'f' ? database : null,
  referencedSchema: str(row.ref_schema),
  referencedTable: str(row.ref_table),
  referencedColumns: (row.ref_columns as string[] | null) ?? [],
  onUpdate: fkActions[String(row.on_update)] ?? null,
  onDelete: fkActions[String(row.on_delete)] ?? null,
});

export const toIndex = (database: string, row: Row, name: ReturnType<typeof columnNamer>): IndexRow => ({
  database,
  schema: String(row.schema),
  table: String(row.table),
  name: String(row.name),
  columns: name(row, numbers(row.column_numbers).slice(0, Number(row.key_count))),
  unique: row.unique === true,
  primary: row.primary === true,
  method: str(row.method),
  definition: str(row.definition),
});

export const toPartition = (database: string, row: Row): PartitionRow => ({
  database,
  schema: String(row.schema),
  table: String(row.table),
  strategy: strategies[String(row.strategy)] ?? String(row.strategy),
  columns: row.columns as string[],
  partitions: row.partitions as string[],
  partitionBounds: (row.partitions as string[]).map((name, i) => ({
    name,
    bound: String((row.bounds as Array<string | null>)[i] ?? ''),
  })),
});

type Json = Record<string, unknown>;
const present = (value: unknown) => value !== null && value !== undefined && String(value) !== '';

/** Enum types from the schemas query's `enums` JSON. */
export function toEnums(value: unknown): EnumType[] {
  return ((value as Json[] | null) ?? []).map((item) => ({
    name: String(item.name),
    labels: (item.labels as string[] | null) ?? [],
    ...(item.comment !== null && item.comment !== undefined ? { comment: String(item.comment) } : {}),
  }));
}

/** Sequences from the schemas query's `sequences` JSON. */
export function toSequences(value: unknown): Sequence[] {
  return ((value as Json[] | null) ?? []).map((item) => {
    const sequence: Sequence = { name: String(item.name) };
    if (present(item.dataType)) sequence.dataType = String(item.dataType);
    if (present(item.start)) sequence.start = String(item.start);
    if (present(item.increment)) sequence.increment = String(item.increment);
    if (present(item.min)) sequence.minValue = String(item.min);
    if (present(item.max)) sequence.maxValue = String(item.max);
    if (typeof item.cycle === 'boolean') sequence.cycle = item.cycle;
    if (present(item.table) && present(item.column)) {
      sequence.ownedBy = { table: String(item.table), column: String(item.column) };
      if (item.identity === true) sequence.ownedBy.identity = true;
    }
    return sequence;
  });
}

/** Parses a one-dimensional PostgreSQL array literal such as {1,"a b",NULL} into strings (NULL -> null). */
export function parsePgArray(literal: string | null | undefined): Array<string | null> {
  if (!literal || literal.length < 2 || literal[0] !== '{') return [];
  const items: Array<string | null> = [];
  let index = 1;
  while (index < literal.length - 1) {
    if (literal[index] === '"') {
      let value = '';
      index++;
      while (index < literal.length && literal[index] !== '"') {
        if (literal[index] === '\\') index++;
        value += literal[index] ?? '';
        index++;
      }
      items.push(value);
      index += 2; // closing quote and the comma
    } else {
      const end = literal.indexOf(',', index);
      const stop = end === -1 ? literal.length - 1 : end;
      const raw = literal.slice(index, stop);
      items.push(raw === 'NULL' ? null : raw);
      index = stop + 1;
    }
  }
  return items;
}
