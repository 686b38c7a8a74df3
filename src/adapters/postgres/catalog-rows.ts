import type { Column, EnumType, Sequence, TableKind } from '../../catalog/model.js';
import { typeFamily } from '../../catalog/type-family.js';
import type { ColumnGroup, PartitionRow, RelationRow, SchemaRow } from '../kernel/assemble-catalog.js';

/** Maps the rows of the PostgreSQL catalog queries (queries.ts) to the shapes `assembleCatalog` takes. */

export type Row = Record<string, unknown>;
export type PgRelation = RelationRow & { canSelect: boolean };

/** A text field, null when the server sent none. */
export const str = (value: unknown) => (value === null || value === undefined ? null : String(value));
const kinds: Record<string, TableKind> = {
  r: 'table',
  v: 'view',
  m: 'materialized_view',
  f: 'foreign',
  p: 'partitioned',
};
const strategies: Record<string, string> = { r: 'range', l: 'list', h: 'hash' };

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

/** A relation's columns in model shape, with the attribute numbers keys and indexes name them by. */
export interface PgColumnGroup extends ColumnGroup {
  attnums: number[];
}

/**
 * The columns of one relation from the columns query's row: one JSON array per column, its fields in the order the
 * query builds them (catalog-queries.ts columnsQuery), in attnum order; ordinals are 1..n (attnums have gaps where
 * columns were dropped). Built as the kernel's toColumns builds a column, field for field.
 */
export function toColumnGroup(database: string, row: Row): PgColumnGroup {
  const items = (row.columns as unknown[][] | null) ?? [];
  const attnums: number[] = [];
  // By index, not destructured: destructuring goes through an iterator, whose result objects are allocated in code
  // not optimised yet (1.3 MB at 5,000 tables).
  const columns = items.map((item, i) => {
    attnums.push(item[1] as number);
    const nativeType = item[2] as string;
    const column: Column = {
      name: item[0] as string,
      ordinal: i + 1,
      nativeType,
      type: typeFamily((item[3] ?? nativeType) as string),
      nullable: item[4] as boolean,
    };
    // Then default, comment, identity and generated.
    if (item[5] !== null) column.default = item[5] as string;
    if (item[6] !== null) column.comment = item[6] as string;
    if (item[7]) column.isIdentity = true;
    if (item[8]) column.isGenerated = true;
    return column;
  });
  return { database, schema: String(row.schema), table: String(row.table), columns, attnums };
}

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
