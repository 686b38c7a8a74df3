import type { ForeignKey } from '../../catalog/model.js';
import type { ConstraintRow, IndexRow } from '../kernel/assemble-catalog.js';
import type { RelationKey } from '../kernel/catalog-row-shapes.js';
import { type KeyGroup, type KeyPart, keyGroups } from '../kernel/key-groups.js';
import { RelationMap } from '../kernel/relation-map.js';
import { type PgColumnGroup, type Row, str } from './catalog-rows.js';

/**
 * Keys and indexes of the PostgreSQL catalog queries (catalog-queries.ts), which return their columns as attribute
 * numbers (cheaper to read), and a foreign key's referenced columns too when its table is read: each is put into
 * the kernel's key groups as its row arrives and named from the columns read as soon as its relation's columns are
 * in, so that naming 10,000s of them does not wait for the last row of the longest read.
 */

const fkActions: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};
const constraintKinds: Record<string, ConstraintRow['kind']> = { p: 'primary', f: 'foreign', u: 'unique', c: 'check' };

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

/**
 * Names of the attribute numbers in a relation's columns. Expression entries (0) have no column name; the index
 * definition carries them. map, then filter only when one is missing: arrays grown by flatMap or push keep spare
 * capacity (30 MB of 170 at 50,000 tables).
 */
function columnNames(group: PgColumnGroup, attnums: number[]): string[] {
  // Without dropped columns attribute n is the n-th column.
  const columnAt = (n: number) =>
    group.attnums[n - 1] === n ? group.columns[n - 1] : group.columns[group.attnums.indexOf(n)];
  const names = attnums.map((n) => (n > 0 ? columnAt(n)?.name : undefined));
  return names.includes(undefined) ? names.filter((name) => name !== undefined) : (names as string[]);
}

/**
 * Names a key's or index's columns, or (given its group) a foreign key's referenced columns, from its relation's
 * columns (`undefined`: they never came, the relation dropped between the reads). A key or index without them keeps
 * no columns (a CHECK lists columns only when it has some); a foreign key whose referenced columns are not all
 * there is taken out of its group: a key naming no or some columns is wrong.
 */
function applyNames(part: KeyPart, attnums: number[], referencing: KeyGroup | null, columns?: PgColumnGroup): void {
  const names = columns ? columnNames(columns, attnums) : [];
  if (!referencing) {
    if ('columns' in part || names.length > 0) part.columns = names;
  } else if (names.length === attnums.length) (part as ForeignKey).referencedColumns = names;
  else referencing.foreignKeys = referencing.foreignKeys.filter((other) => other !== part);
}

/**
 * What waits for one relation's columns, three slots a naming (part, attribute numbers, group of a referencing
 * foreign key or null): an object each was 10 MB more at 50,000 tables, where nearly every key waits.
 */
type Waiting = Array<KeyPart | number[] | KeyGroup | null>;

function drain(list: Waiting, columns: PgColumnGroup | undefined): void {
  for (let i = 0; i < list.length; i += 3) {
    applyNames(list[i] as KeyPart, list[i + 1] as number[], list[i + 2] as KeyGroup | null, columns);
  }
  list.length = 0;
}

/**
 * The kernel's key groups, filled as the constraints and indexes rows arrive and named as the columns read goes
 * along (`columnsRead` for each relation's columns). A read that fails takes out what it had added (its drop
 * rethrows), so an optional part is whole or absent, never half there.
 */
export function numberedKeyGroups(database: string) {
  const keys = keyGroups();
  const columnsIn = new RelationMap<PgColumnGroup>();
  const waiting = new RelationMap<Waiting>();
  const name = (relation: RelationKey, part: KeyPart, attnums: number[], referencing: KeyGroup | null = null) => {
    const columns = columnsIn.get(relation);
    if (columns) return applyNames(part, attnums, referencing, columns);
    const list = waiting.get(relation);
    if (list) list.push(part, attnums, referencing);
    else waiting.set(relation, [part, attnums, referencing]);
  };
  // What still waits of a dropped read is named all the same, in parts no group holds any more.
  const drop = (read: 'constraints' | 'indexes', error: unknown): never => {
    for (const group of keys.groups()) {
      if (read === 'indexes') group.indexes = [];
      else {
        delete group.primaryKey;
        delete group.checkConstraints;
        group.uniqueConstraints = [];
        group.foreignKeys = [];
      }
    }
    throw error;
  };
  return {
    addConstraint: (row: Row): undefined => {
      const constraint = toConstraint(database, row);
      const added = keys.addConstraint(constraint);
      if (!added) return undefined;
      const { part, group } = added;
      name(constraint, part, numbers(row.column_numbers));
      if (constraint.referencedColumns !== referenceToName) return undefined;
      const target = { database, schema: constraint.referencedSchema ?? '', table: constraint.referencedTable ?? '' };
      name(target, part, numbers(row.ref_column_numbers), group);
      return undefined;
    },
    addIndex: (row: Row): undefined => {
      const index = toIndex(database, row);
      const { part } = keys.addIndex(index);
      name(index, part, numbers(row.column_numbers, Number(row.key_count)));
      return undefined;
    },
    dropConstraints: (error: unknown): never => drop('constraints', error),
    dropIndexes: (error: unknown): never => drop('indexes', error),
    /** A relation's columns are in: names what waited for them, and what comes for them later at once. */
    columnsRead(columns: PgColumnGroup): PgColumnGroup {
      columnsIn.set(columns, columns);
      const list = waiting.get(columns);
      if (list) drain(list, columns);
      return columns;
    },
    /** The groups, once every read has ended: what still waits belongs to a relation whose columns were not read. */
    named(): KeyGroup[] {
      for (const list of waiting.values()) drain(list, undefined);
      return keys.groups();
    },
  };
}
