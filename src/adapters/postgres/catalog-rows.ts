import type { Column, EnumType, ForeignKey, Sequence, TableKind } from '../../catalog/model.js';
import { typeFamily } from '../../catalog/type-family.js';
import type {
  ColumnGroup,
  ConstraintRow,
  IndexRow,
  PartitionRow,
  RelationRow,
  SchemaRow,
} from '../kernel/assemble-catalog.js';
import type { RelationKey } from '../kernel/catalog-row-shapes.js';
import { type KeyGroup, type KeyPart, keyGroups } from '../kernel/key-groups.js';
import { byRelation } from '../kernel/relation-map.js';

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
  const columns = items.map(
    ([name, attnum, nativeType, familyType, nullable, fallback, comment, identity, generated], i) => {
      attnums.push(attnum as number);
      const column: Column = {
        name: name as string,
        ordinal: i + 1,
        nativeType: nativeType as string,
        type: typeFamily((familyType ?? nativeType) as string),
        nullable: nullable as boolean,
      };
      if (fallback !== null) column.default = fallback as string;
      if (comment !== null) column.comment = comment as string;
      if (identity) column.isIdentity = true;
      if (generated) column.isGenerated = true;
      return column;
    },
  );
  return { database, schema: String(row.schema), table: String(row.table), columns, attnums };
}

/** Names key and index columns, which the catalog queries return as attribute numbers (cheaper to read). */
export function columnNamer(groups: PgColumnGroup[]): (relation: RelationKey, numbers: number[]) => string[] {
  const byTable = byRelation(groups);
  // Keys and indexes arrive table by table: the previous relation's group is usually the one.
  let last: PgColumnGroup | undefined;
  const columnAt = (group: PgColumnGroup, n: number) =>
    // Without dropped columns attribute n is the n-th column.
    group.attnums[n - 1] === n ? group.columns[n - 1] : group.columns[group.attnums.indexOf(n)];
  return (relation, numbers) => {
    if (last === undefined || last.table !== relation.table || last.schema !== relation.schema) {
      last = byTable.get(relation);
    }
    const group = last;
    if (!group) return [];
    // Expression entries (0) have no column name; the index definition carries them. map, then filter only when
    // one is missing: arrays grown by flatMap or push keep spare capacity (30 MB of 170 at 50,000 tables).
    const names = numbers.map((n) => (n > 0 ? columnAt(group, n)?.name : undefined));
    return names.includes(undefined) ? names.filter((name) => name !== undefined) : (names as string[]);
  };
}

/**
 * `1,2,3` (array_to_string of an int2 array) as numbers, the first `limit` at most. Read digit by digit: split and
 * map(Number) made two arrays and a string per number (170,000 keys and indexes at 50,000 tables).
 */
function numbers(text: unknown, limit = Number.POSITIVE_INFINITY): number[] {
  const out: number[] = [];
  if (typeof text !== 'string' || text === '') return out;
  let value = 0;
  let sign = 1;
  for (let i = 0; i < text.length && out.length < limit; i++) {
    const code = text.charCodeAt(i);
    if (code === 44) {
      out.push(sign * value);
      value = 0;
      sign = 1;
    } else if (code === 45) sign = -1;
    else value = value * 10 + (code - 48);
  }
  if (out.length < limit) out.push(sign * value);
  return out;
}

// Until their columns are named: one shared (frozen) placeholder instead of an empty array per key and index.
const unnamed = Object.freeze([]) as unknown as string[];
// A foreign key's referenced columns until they are named from the columns read: not empty, since the kernel
// leaves out a foreign key without referenced columns.
const referenceToName = Object.freeze(['']) as unknown as string[];

/** A key row with only the fields its kind has (100,000 keys at 50,000 tables: every null slot costs memory). */
function toConstraint(database: string, row: Row): ConstraintRow {
  const kind = constraintKinds[String(row.type)] ?? 'unique';
  const key: ConstraintRow = {
    database,
    schema: String(row.schema),
    table: String(row.table),
    name: str(row.name),
    kind,
    columns: unnamed,
  };
  if (kind === 'check') key.expression = str(row.definition);
  if (kind === 'foreign') {
    key.referencedDatabase = database;
    key.referencedSchema = str(row.ref_schema);
    key.referencedTable = str(row.ref_table);
    // Named by the server only when the referenced table is not read (catalog-queries.ts constraintsQuery).
    key.referencedColumns = (row.ref_columns as string[] | null) ?? referenceToName;
    key.onUpdate = fkActions[String(row.on_update)] ?? null;
    key.onDelete = fkActions[String(row.on_delete)] ?? null;
  }
  return key;
}

function toIndex(database: string, row: Row): IndexRow {
  const index: IndexRow = {
    database,
    schema: String(row.schema),
    table: String(row.table),
    name: String(row.name),
    columns: unnamed,
    unique: row.unique === true,
    primary: row.primary === true,
  };
  if (row.method != null) index.method = String(row.method);
  if (row.definition != null) index.definition = String(row.definition);
  return index;
}

/** Parts waiting for their column names: each with its group and attribute numbers. */
function pendingNames() {
  const parts: KeyPart[] = [];
  const owners: KeyGroup[] = [];
  const attributes: number[][] = [];
  return {
    add(added: { part: KeyPart; group: KeyGroup } | undefined, attnums: number[]): undefined {
      if (added) {
        parts.push(added.part);
        owners.push(added.group);
        attributes.push(attnums);
      }
      return undefined;
    },
    /** Fills every part's columns (a CHECK lists columns only when it has some). */
    name(namer: ReturnType<typeof columnNamer>): void {
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]!;
        const names = namer(owners[i]!, attributes[i]!);
        if ('columns' in part || names.length > 0) part.columns = names;
      }
    },
    clear(): void {
      parts.length = owners.length = attributes.length = 0;
    },
  };
}

/**
 * Foreign keys whose referenced columns are named from the columns read. One whose columns are not all there
 * (its table dropped between the reads) is taken out of its group: a key naming no or some columns is wrong.
 */
function pendingReferences() {
  const pending: Array<{ key: ForeignKey; group: KeyGroup; target: RelationKey; attnums: number[] }> = [];
  return {
    add(added: { part: KeyPart; group: KeyGroup } | undefined, row: ConstraintRow, attnums: number[]): undefined {
      if (added && row.referencedColumns === referenceToName) {
        const target = { database: row.database, schema: row.referencedSchema ?? '', table: row.referencedTable ?? '' };
        pending.push({ key: added.part as ForeignKey, group: added.group, target, attnums });
      }
      return undefined;
    },
    name(namer: ReturnType<typeof columnNamer>): void {
      for (const { key, group, target, attnums } of pending) {
        const names = namer(target, attnums);
        if (names.length === attnums.length) key.referencedColumns = names;
        else group.foreignKeys = group.foreignKeys.filter((other) => other !== key);
      }
    },
    clear(): void {
      pending.length = 0;
    },
  };
}

/**
 * Keys and indexes put into the kernel's key groups as their rows arrive, before the columns read they are named
 * from has ended: each keeps its attribute numbers until `named` fills its columns. A read that fails takes out
 * what it had added (its drop rethrows), so an optional part is whole or absent, never half there.
 */
export function numberedKeyGroups(database: string) {
  const keys = keyGroups();
  const constraints = pendingNames();
  const references = pendingReferences();
  const indexes = pendingNames();
  return {
    addConstraint: (row: Row) => {
      const constraint = toConstraint(database, row);
      const added = keys.addConstraint(constraint);
      constraints.add(added, numbers(row.column_numbers));
      return references.add(added, constraint, numbers(row.ref_column_numbers));
    },
    addIndex: (row: Row) =>
      indexes.add(keys.addIndex(toIndex(database, row)), numbers(row.column_numbers, Number(row.key_count))),
    dropConstraints: (error: unknown): never => {
      constraints.clear();
      references.clear();
      for (const group of keys.groups()) {
        delete group.primaryKey;
        delete group.checkConstraints;
        group.uniqueConstraints = [];
        group.foreignKeys = [];
      }
      throw error;
    },
    dropIndexes: (error: unknown): never => {
      indexes.clear();
      for (const group of keys.groups()) group.indexes = [];
      throw error;
    },
    /** The groups, every key's and index's columns named from the columns read. */
    named(namer: ReturnType<typeof columnNamer>): KeyGroup[] {
      constraints.name(namer);
      references.name(namer);
      indexes.name(namer);
      return keys.groups();
    },
  };
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
