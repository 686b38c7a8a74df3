/**
 * Keys on MariaDB without KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS, which open every table's definition (the
 * two cost more than the columns read at 5,000 tables): foreign keys from InnoDB's own dictionary
 * (INNODB_SYS_FOREIGN and _COLS, read apart: joined, MariaDB refills one per row of the other), primary keys and
 * unique constraints from the index rows (STATISTICS) read anyway. Needs the PROCESS privilege; without it, or for
 * names InnoDB stores encoded (`@0024`...), the caller reads the two views instead. The statements are
 * `innodbForeignKeysQuery` and `innodbForeignKeyColumnsQuery` in catalog-queries.ts.
 */

type Row = Record<string, unknown>;

// InnoDB's foreign key TYPE bits; no bit means RESTRICT (what REFERENTIAL_CONSTRAINTS then reports).
const deleteRule = (type: number) =>
  type & 1 ? 'CASCADE' : type & 2 ? 'SET NULL' : type & 16 ? 'NO ACTION' : 'RESTRICT';
const updateRule = (type: number) =>
  type & 4 ? 'CASCADE' : type & 8 ? 'SET NULL' : type & 32 ? 'NO ACTION' : 'RESTRICT';

/** `db/name` as InnoDB stores it; undefined when encoded (special characters) or malformed. */
function split(qualified: unknown): [string, string] | undefined {
  const text = String(qualified ?? '');
  const slash = text.indexOf('/');
  if (slash <= 0 || text.includes('@') || text.indexOf('/', slash + 1) !== -1) return undefined;
  return [text.slice(0, slash), text.slice(slash + 1)];
}

const compareText = (a: unknown, b: unknown) => {
  const x = String(a);
  const y = String(b);
  return x === y ? 0 : x < y ? -1 : 1;
};

// Called some 200,000 times at 5,000 tables: no allocation beyond the two strings.
const byKey = (a: Row, b: Row) =>
  compareText(a.TABLE_SCHEMA, b.TABLE_SCHEMA) ||
  compareText(a.TABLE_NAME, b.TABLE_NAME) ||
  compareText(a.CONSTRAINT_NAME, b.CONSTRAINT_NAME) ||
  Number(a.ORDINAL_POSITION) - Number(b.ORDINAL_POSITION);

/**
 * KEY_COLUMN_USAGE- and REFERENTIAL_CONSTRAINTS-shaped rows from the InnoDB dictionary and the index rows, or
 * undefined when a name is stored encoded (then only the views give the real names).
 */
export function keysFromInnodb(
  foreignKeys: Row[],
  foreignKeyColumns: Row[],
  indexes: Row[],
): { keyColumns: Row[]; referentialRules: Row[] } | undefined {
  const columnsById = new Map<string, Row[]>();
  for (const row of foreignKeyColumns) {
    const id = String(row.ID);
    const list = columnsById.get(id);
    if (list) list.push(row);
    else columnsById.set(id, [row]);
  }
  const keyColumns: Row[] = [];
  const referentialRules: Row[] = [];
  for (const fk of foreignKeys) {
    const [id, from, to] = [split(fk.ID), split(fk.FOR_NAME), split(fk.REF_NAME)];
    if (!id || !from || !to) return undefined;
    const [schema, table] = from;
    const name = id[1];
    const type = Number(fk.TYPE);
    referentialRules.push({
      TABLE_SCHEMA: schema,
      TABLE_NAME: table,
      CONSTRAINT_NAME: name,
      UPDATE_RULE: updateRule(type),
      DELETE_RULE: deleteRule(type),
    });
    for (const column of columnsById.get(String(fk.ID)) ?? []) {
      keyColumns.push({
        TABLE_SCHEMA: schema,
        TABLE_NAME: table,
        CONSTRAINT_NAME: name,
        COLUMN_NAME: column.FOR_COL_NAME,
        ORDINAL_POSITION: Number(column.POS) + 1,
        REFERENCED_TABLE_SCHEMA: to[0],
        REFERENCED_TABLE_NAME: to[1],
        REFERENCED_COLUMN_NAME: column.REF_COL_NAME,
      });
    }
  }
  // Primary keys and unique constraints are the unique indexes (what KEY_COLUMN_USAGE lists for them).
  for (const index of indexes) {
    if (Number(index.NON_UNIQUE) !== 0) continue;
    keyColumns.push({
      TABLE_SCHEMA: index.TABLE_SCHEMA,
      TABLE_NAME: index.TABLE_NAME,
      CONSTRAINT_NAME: index.INDEX_NAME,
      COLUMN_NAME: index.COLUMN_NAME,
      ORDINAL_POSITION: Number(index.SEQ_IN_INDEX),
      REFERENCED_TABLE_SCHEMA: null,
      REFERENCED_TABLE_NAME: null,
      REFERENCED_COLUMN_NAME: null,
    });
  }
  return { keyColumns: keyColumns.sort(byKey), referentialRules };
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
  const types = new Map<string, string>();
  for (const row of special) {
    const table = split(row.TABLE_NAME);
    if (!table) continue;
    const type = Number(row.TYPE);
    const method =
      type & fullTextBit ? 'FULLTEXT' : type & spatialBit ? 'SPATIAL' : hashed.has(String(row.INDEX_ID)) ? 'HASH' : '';
    if (method) types.set(`${table[0]}\u0000${table[1]}\u0000${String(row.INDEX_NAME)}`, method);
  }
  return types;
}

/** Whether InnoDB stores `name` as it is (it encodes every other character, e.g. `-` as `@002d`). */
export const storedPlain = (name: unknown): boolean => /^[A-Za-z0-9_]*$/.test(String(name ?? ''));
