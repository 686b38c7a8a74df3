/**
 * Keys on MariaDB without KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS, which open every table's definition (the
 * two cost more than the columns read at 5,000 tables): foreign keys from InnoDB's own dictionary
 * (INNODB_SYS_FOREIGN and _COLS, read apart: joined, MariaDB refills one per row of the other), primary keys and
 * unique constraints from the index rows (STATISTICS) read anyway. Needs the PROCESS privilege; without it, or for
 * names InnoDB stores encoded (`@0024`...), the caller reads the two views instead. The statements are
 * `innodbForeignKeysQuery` and `innodbForeignKeyColumnsQuery` in catalog-queries.ts. Also index kinds
 * (`innodbIndexTypes`), so that STATISTICS can be read without INDEX_TYPE, which opens every table too.
 */

import type { ConstraintRow, IndexRow } from '../kernel/assemble-catalog.js';
import { groupBy } from './catalog-rows.js';

type Row = Record<string, unknown>;

// InnoDB's foreign key TYPE bits; no bit means RESTRICT (what REFERENTIAL_CONSTRAINTS then reports).
const deleteRule = (type: number) =>
  type & 1 ? 'CASCADE' : type & 2 ? 'SET NULL' : type & 16 ? 'NO ACTION' : 'RESTRICT';
const updateRule = (type: number) =>
  type & 4 ? 'CASCADE' : type & 8 ? 'SET NULL' : type & 32 ? 'NO ACTION' : 'RESTRICT';

/** Whether `db/name` is as InnoDB stores a plain name: not encoded (special characters) and not malformed. */
function isPlainQualified(text: string): boolean {
  const slash = text.indexOf('/');
  return slash > 0 && !text.includes('@') && text.indexOf('/', slash + 1) === -1;
}

/** `db/name` as InnoDB stores it; undefined when encoded or malformed. */
function split(qualified: unknown): [string, string] | undefined {
  const text = String(qualified ?? '');
  if (!isPlainQualified(text)) return undefined;
  const slash = text.indexOf('/');
  return [text.slice(0, slash), text.slice(slash + 1)];
}

const byName = (a: ConstraintRow, b: ConstraintRow) => {
  const x = a.name ?? '';
  const y = b.name ?? '';
  return x === y ? 0 : x < y ? -1 : 1;
};
const text = (value: unknown) => (value == null ? '' : String(value));

/** Rows grouped by `keyOf`, each group sorted by the number `orderOf` gives (rows that arrive sorted stay). */
function groupsInOrder(rows: Row[], keyOf: (row: Row) => string, orderOf: (row: Row) => number): Map<string, Row[]> {
  const groups = groupBy(rows, keyOf);
  for (const group of groups.values()) {
    const sorted = group.every((row, i) => i === 0 || orderOf(group[i - 1]!) <= orderOf(row));
    if (!sorted) group.sort((a, b) => orderOf(a) - orderOf(b));
  }
  return groups;
}

/**
 * The keys of every table, each table's sorted by name, from the InnoDB dictionary (foreign keys) and the indexes
 * (primary keys and unique constraints are the unique indexes, as KEY_COLUMN_USAGE lists them), or undefined when a
 * name is stored encoded (then only the views give the real names).
 */
export function constraintsFromInnodb(
  database: string,
  foreignKeys: Row[],
  foreignKeyColumns: Row[],
  indexes: IndexRow[],
): ConstraintRow[] | undefined {
  const byTable = new Map<string, ConstraintRow[]>();
  const add = (row: ConstraintRow) => {
    const key = `${row.schema}\u0000${row.table}`;
    const list = byTable.get(key);
    if (list) list.push(row);
    else byTable.set(key, [row]);
  };
  const columnsById = groupsInOrder(
    foreignKeyColumns,
    (row) => String(row.ID),
    (row) => Number(row.POS),
  );
  for (const fk of foreignKeys) {
    const [id, from, to] = [split(fk.ID), split(fk.FOR_NAME), split(fk.REF_NAME)];
    if (!id || !from || !to) return undefined;
    const columns = columnsById.get(String(fk.ID)) ?? [];
    if (columns.length === 0) continue;
    const type = Number(fk.TYPE);
    add({
      database,
      schema: from[0],
      table: from[1],
      name: id[1],
      kind: 'foreign',
      columns: columns.map((column) => text(column.FOR_COL_NAME)),
      referencedSchema: to[0],
      referencedTable: to[1],
      referencedColumns: columns.map((column) => text(column.REF_COL_NAME)),
      onUpdate: updateRule(type),
      onDelete: deleteRule(type),
    });
  }
  for (const index of indexes) {
    if (!index.unique) continue;
    const { schema, table, name } = index;
    // A copy: the key and the index are separate objects of the catalog.
    add({
      database,
      schema,
      table,
      name,
      kind: name === 'PRIMARY' ? 'primary' : 'unique',
      columns: [...index.columns],
    });
  }
  const constraints: ConstraintRow[] = [];
  for (const list of byTable.values()) constraints.push(...list.sort(byName));
  return constraints;
}

// InnoDB's index TYPE bits for the kinds that are not plain B-trees (128: on a virtual column).
const fullTextBit = 32;
const spatialBit = 64;

/**
 * The non-B-tree indexes of InnoDB tables by `schema\0table\0index` (FULLTEXT, SPATIAL, and HASH for MariaDB's long
 * UNIQUE keys, which index a hidden hash column), from `innodbSpecialIndexesQuery` and
 * `innodbLongUniqueIndexesQuery` rows; every other InnoDB index is a B-tree. Rows whose name InnoDB stores encoded
 * are left out: `storedPlain` tells the caller which schemas need INDEX_TYPE instead.
 */
export function innodbIndexTypes(special: Row[], longUnique: Row[]): Map<string, string> {
  const hashed = new Set(longUnique.map((row) => String(row.INDEX_ID)));
  const tableNames = new Map<string, unknown>();
  for (const row of special) if (row.KIND === 'table') tableNames.set(String(row.TABLE_ID), row.NAME);
  const types = new Map<string, string>();
  for (const row of special) {
    if (row.KIND !== 'index') continue;
    // No name: stored encoded (storedPlain sends its schema to the typed read), or its table was created between the
    // statement's two parts (DDL racing the introspection: the index counts as a B-tree).
    const table = split(tableNames.get(String(row.TABLE_ID)));
    if (!table) continue;
    const type = Number(row.TYPE);
    const method =
      type & fullTextBit ? 'FULLTEXT' : type & spatialBit ? 'SPATIAL' : hashed.has(String(row.INDEX_ID)) ? 'HASH' : '';
    if (method) types.set(`${table[0]}\u0000${table[1]}\u0000${String(row.NAME)}`, method);
  }
  return types;
}

/** A table's row estimate and size in bytes, as information_schema.TABLES reports them. */
export interface TableSize {
  TABLE_ROWS: number;
  SIZE_BYTES: number;
}

/**
 * Row estimates and sizes by `schema\0table` from `innodbTableStatsQuery` rows: pages times the page size (a
 * compressed table's own, else the server's). Names InnoDB stores encoded are left out, and so are partitioned
 * tables, which have a row per partition (`t#P#p0`) and none of their own: the caller reads those in full.
 */
export function innodbTableSizes(rows: Row[]): Map<string, TableSize> {
  const zipSizes = new Map<string, number>();
  for (const row of rows) if (Number(row.ZIP) === 1) zipSizes.set(String(row.NAME), Number(row.PAGE_SIZE));
  const sizes = new Map<string, TableSize>();
  for (const row of rows) {
    const name = String(row.NAME ?? '');
    // `#` is stored encoded in names (`@0023`): a plain one marks a partition.
    if (Number(row.ZIP) === 1 || name.includes('#') || !isPlainQualified(name)) continue;
    sizes.set(name.replace('/', '\u0000'), {
      TABLE_ROWS: Number(row.NUM_ROWS),
      SIZE_BYTES: Number(row.PAGES) * (zipSizes.get(name) ?? Number(row.PAGE_SIZE)),
    });
  }
  return sizes;
}

/** Whether InnoDB stores `name` as it is (it encodes every other character, e.g. `-` as `@002d`). */
export const storedPlain = (name: unknown): boolean => /^[A-Za-z0-9_]*$/.test(String(name ?? ''));
