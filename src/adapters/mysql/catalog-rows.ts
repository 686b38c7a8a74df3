import { compileFilter, type NamePattern } from '../../catalog/filters.js';
import type { CatalogWarning, Column } from '../../catalog/model.js';
import { typeFamily } from '../../catalog/type-family.js';
import type {
  CatalogRows,
  ColumnGroup,
  ConstraintRow,
  IndexRow,
  PartitionRow,
  RelationRow,
  SchemaRow,
} from '../kernel/assemble-catalog.js';
import { type KeyGroup, keyGroups } from '../kernel/key-groups.js';

export type Row = Record<string, unknown>;

/** What the catalog statements returned; a part that could not be read is undefined (and already a warning). */
export interface MysqlReads {
  schemata: Row[];
  tables: Row[];
  /** Columns mapped as they arrived (see `columnGroups`). */
  columns: ColumnGroup[];
  views?: Row[] | undefined;
  /** Keys and indexes by relation (see `toKeyGroups`). */
  keyGroups: KeyGroup[];
  partitions?: Row[] | undefined;
}

/** How the keys were read; a part that could not be read is undefined (and already a warning). */
export interface MysqlKeyReads {
  /** The keys, when they came from InnoDB's dictionary (`constraintsFromInnodb`); else built from the two below. */
  constraints?: ConstraintRow[] | undefined;
  /** KEY_COLUMN_USAGE rows. */
  keyColumns?: Row[] | undefined;
  /** REFERENTIAL_CONSTRAINTS rows (rules of the foreign keys). */
  referentialRules?: Row[] | undefined;
}

const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
/** Empty text is no value (MySQL reports "no comment" as ''). */
const nonEmpty = (value: unknown): string | null => {
  const result = text(value);
  return result === undefined || result === '' ? null : result;
};
const tableKey = (row: Row) => `${text(row.TABLE_SCHEMA)}\u0000${text(row.TABLE_NAME)}`;

/** Rows grouped by a key, groups in order of first appearance, rows in row order. */
export function groupBy(rows: Row[] | undefined, keyOf: (row: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows ?? []) {
    const id = keyOf(row);
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

/** MySQL spells BOOLEAN as tinyint(1) and has YEAR; everything else follows the shared mapping. */
function mysqlTypeFamily(columnType: string): Column['type'] {
  if (/^tinyint\(1\)/i.test(columnType)) return 'boolean';
  if (/^year\b/i.test(columnType)) return 'integer';
  return typeFamily(columnType);
}

// The (database, schema, table) of a row of a table-level view; MySQL databases are the catalog's schemas. Written
// out in each row literal: spreading a shared object into these literals made the mapping ten times slower in V8.
const schemaOf = (row: Row) => text(row.TABLE_SCHEMA) ?? '';
const tableOf = (row: Row) => text(row.TABLE_NAME) ?? '';

function tableKind(row: Row): RelationRow['kind'] {
  const type = text(row.TABLE_TYPE) ?? '';
  if (type.includes('VIEW')) return 'view';
  if (type === 'TEMPORARY') return 'temporary';
  if (/partitioned/i.test(text(row.CREATE_OPTIONS) ?? '')) return 'partitioned';
  if (/^(FEDERATED|CONNECT)$/i.test(text(row.ENGINE) ?? '')) return 'foreign';
  return 'table';
}

function toRelation(database: string, row: Row, views: Map<string, Row[]>): RelationRow {
  const kind = tableKind(row);
  return {
    database,
    schema: schemaOf(row),
    table: tableOf(row),
    kind,
    // Views carry the literal comment "VIEW" in MySQL; it is not a user comment.
    comment: kind === 'view' && text(row.TABLE_COMMENT) === 'VIEW' ? null : nonEmpty(row.TABLE_COMMENT),
    rowCountEstimate: kind !== 'view' && row.TABLE_ROWS != null ? Number(row.TABLE_ROWS) : null,
    sizeBytes: kind !== 'view' && row.SIZE_BYTES != null ? Number(row.SIZE_BYTES) : null,
    viewDefinition: kind === 'view' ? nonEmpty(views.get(tableKey(row))?.[0]?.VIEW_DEFINITION) : null,
  };
}

const byOrdinal = (a: Column, b: Column) => a.ordinal - b.ordinal;
const inOrdinalOrder = (columns: Column[]) =>
  columns.every((column, i) => i === 0 || columns[i - 1]!.ordinal < column.ordinal);

/**
 * Collects COLUMNS rows, as they arrive and in any order, into one group per table in model shape (no row object is
 * kept), each group in ordinal order. Grouped by exact name, not by run: tables `A` and `a` may interleave.
 */
export function columnGroups(database: string): { add(row: Row): void; groups(): ColumnGroup[]; count(): number } {
  const byTable = new Map<string, ColumnGroup>();
  // A handful of distinct types in thousands of columns: each one's family is worked out once.
  const families = new Map<string, Column['type']>();
  let count = 0;
  // A table's rows mostly come one after another: its group is found by the row's own name values (the driver's
  // strings, compared as they are), without building its key.
  let last: ColumnGroup | undefined;
  let lastTable: unknown;
  let lastSchema: unknown;
  return {
    add(row) {
      let group = last;
      if (group === undefined || row.TABLE_NAME !== lastTable || row.TABLE_SCHEMA !== lastSchema) {
        const key = tableKey(row);
        group = byTable.get(key);
        if (!group) {
          group = { database, schema: schemaOf(row), table: tableOf(row), columns: [] };
          byTable.set(key, group);
        }
        last = group;
        lastTable = row.TABLE_NAME;
        lastSchema = row.TABLE_SCHEMA;
      }
      group.columns.push(toColumn(row, families));
      count++;
    },
    groups: () => {
      for (const group of byTable.values()) if (!inOrdinalOrder(group.columns)) group.columns.sort(byOrdinal);
      return [...byTable.values()];
    },
    count: () => count,
  };
}

function toColumn(row: Row, families: Map<string, Column['type']>): Column {
  // COLUMN_TYPE is never NULL: the full type (`varchar(120)`, `enum('a','b')`), DATA_TYPE only its name.
  const nativeType = text(row.COLUMN_TYPE) ?? '';
  let type = families.get(nativeType);
  if (type === undefined) {
    type = mysqlTypeFamily(nativeType);
    families.set(nativeType, type);
  }
  // COLUMNS lists only the columns the session may read, at their real positions: gaps are kept.
  const column: Column = {
    name: text(row.COLUMN_NAME) ?? '',
    ordinal: Number(row.ORDINAL_POSITION),
    nativeType,
    type,
    nullable: text(row.IS_NULLABLE) === 'YES',
  };
  // MariaDB reports "no default" on a nullable column as the text NULL (a NULL literal default means the same).
  const rawDefault = text(row.COLUMN_DEFAULT);
  if (rawDefault !== undefined && rawDefault !== 'NULL') column.default = rawDefault;
  const comment = nonEmpty(row.COLUMN_COMMENT);
  if (comment !== null) column.comment = comment;
  const extra = text(row.EXTRA) ?? '';
  if (extra !== '') {
    if (/auto_increment/i.test(extra)) column.isIdentity = true;
    if (/\b(VIRTUAL|STORED|PERSISTENT)\b/i.test(extra)) column.isGenerated = true;
  }
  return column;
}

/** Keys from KEY_COLUMN_USAGE: PRIMARY is the primary key, rows with REFERENCED_* foreign keys, the rest unique. */
export function toConstraints(database: string, keyColumns: Row[], referentialRules: Row[]): ConstraintRow[] {
  const ruleKey = (row: Row) => `${tableKey(row)}\u0000${text(row.CONSTRAINT_NAME)}`;
  const rules = new Map(referentialRules.map((rule) => [ruleKey(rule), rule]));
  return [...groupBy(keyColumns, ruleKey).values()].map((group) => {
    const first = group[0]!;
    const name = text(first.CONSTRAINT_NAME) ?? '';
    const columns = group.map((row) => text(row.COLUMN_NAME) ?? '');
    const kind = name === 'PRIMARY' ? 'primary' : first.REFERENCED_TABLE_NAME == null ? 'unique' : 'foreign';
    const row: ConstraintRow = { database, schema: schemaOf(first), table: tableOf(first), name, kind, columns };
    if (kind !== 'foreign') return row;
    const rule = rules.get(ruleKey(first));
    row.referencedSchema = text(first.REFERENCED_TABLE_SCHEMA) ?? '';
    row.referencedTable = text(first.REFERENCED_TABLE_NAME) ?? '';
    row.referencedColumns = group.map((key) => text(key.REFERENCED_COLUMN_NAME) ?? '');
    row.onUpdate = nonEmpty(rule?.UPDATE_RULE);
    row.onDelete = nonEmpty(rule?.DELETE_RULE);
    return row;
  });
}

/**
 * Collects STATISTICS rows, as they arrive, into one IndexRow per index (no row object is kept). The rows come
 * ordered by table, index and position, so an index's rows are mostly a run; tables whose names differ only in case
 * sort together and may interleave, so where a run breaks the index is looked up by name. `methodOf` gives the
 * method of an index whose rows have no INDEX_TYPE.
 */
export function indexRuns(database: string, methodOf?: (schema: string, table: string, name: string) => string) {
  const indexes: IndexRow[] = [];
  const byName = new Map<string, IndexRow>();
  let last: IndexRow | undefined;
  return {
    add(row: Row): void {
      const name = text(row.INDEX_NAME) ?? '';
      const schema = schemaOf(row);
      const table = tableOf(row);
      if (last === undefined || last.name !== name || last.table !== table || last.schema !== schema) {
        const key = `${schema}\u0000${table}\u0000${name}`;
        last = byName.get(key);
        if (!last) {
          last = {
            database,
            schema,
            table,
            name,
            columns: [],
            unique: Number(row.NON_UNIQUE) === 0,
            primary: name === 'PRIMARY',
            method: methodOf ? methodOf(schema, table, name) : nonEmpty(row.INDEX_TYPE),
          };
          byName.set(key, last);
          indexes.push(last);
        }
      }
      // Functional key parts (MySQL 8) have no column name.
      const column = text(row.COLUMN_NAME);
      if (column !== undefined) last.columns.push(column);
    },
    indexes: (): IndexRow[] => indexes,
  };
}

/** One IndexRow per index of STATISTICS rows (see indexRuns). */
export function toIndexes(database: string, rows: Row[]): IndexRow[] {
  const runs = indexRuns(database);
  for (const row of rows) runs.add(row);
  return runs.indexes();
}

/**
 * Keys and indexes (one row per index, see indexRuns) grouped by relation in model shape, so the assembly does not
 * group them again; built as soon as both are read, while the columns read goes on.
 */
export function toKeyGroups(database: string, keys: MysqlKeyReads, indexes: IndexRow[] | undefined): KeyGroup[] {
  const groups = keyGroups();
  const constraints = keys.constraints ?? toConstraints(database, keys.keyColumns ?? [], keys.referentialRules ?? []);
  for (const row of constraints) groups.addConstraint(row);
  for (const row of indexes ?? []) groups.addIndex(row);
  return groups.groups();
}

/** Column names in a partition expression: backquoted identifiers, else a plain comma-separated list. */
function partitionColumns(expression: string | undefined): string[] {
  if (!expression) return [];
  const quoted = [...expression.matchAll(/`((?:[^`]|``)+)`/g)].map((match) => match[1]!.replace(/``/g, '`'));
  if (quoted.length > 0) return [...new Set(quoted)];
  const plain = expression.split(',').map((part) => part.trim());
  return plain.every((part) => /^[A-Za-z_][A-Za-z0-9_$]*$/.test(part)) ? plain : [];
}

function toPartitions(database: string, rows: Row[]): PartitionRow[] {
  return [...groupBy(rows, tableKey).values()].map((group) => {
    const first = group[0]!;
    return {
      database,
      schema: schemaOf(first),
      table: tableOf(first),
      strategy: (text(first.PARTITION_METHOD) ?? 'unknown').toLowerCase().replace(/\s+columns$/, ''),
      columns: partitionColumns(text(first.PARTITION_EXPRESSION)),
      partitions: group.map((row) => text(row.PARTITION_NAME) ?? ''),
    };
  });
}

/**
 * The reads as the kernel's rows, the schema and table filters applied (qualified table globs cannot be pushed into
 * SQL). A schema listed but without any privilege of the session (and so without visible tables) is left out with a
 * PERMISSION_DENIED warning.
 */
export function toCatalogRows(
  database: string,
  reads: MysqlReads,
  filters: { schemas?: NamePattern | undefined; tables?: NamePattern | undefined },
): { rows: CatalogRows; warnings: CatalogWarning[] } {
  const schemaFilter = compileFilter(filters.schemas);
  const tableFilter = compileFilter(filters.tables);
  const views = groupBy(reads.views, tableKey);
  const relations = reads.tables
    .map((row) => toRelation(database, row, views))
    .filter((r) => schemaFilter.matches(r.schema) && tableFilter.matches(r.table, `${r.schema}.${r.table}`));
  const withTables = new Set(relations.map((relation) => relation.schema));
  const schemas: SchemaRow[] = [];
  const warnings: CatalogWarning[] = [];
  for (const row of reads.schemata) {
    const name = text(row.SCHEMA_NAME) ?? '';
    if (!schemaFilter.matches(name)) continue;
    if (!withTables.has(name) && Number(row.DT_HAS_PRIVILEGE) === 0) {
      warnings.push({
        code: 'PERMISSION_DENIED',
        message: `No privilege on MySQL database "${name}": its tables cannot be read`,
        scope: `${database}.${name}`,
      });
      continue;
    }
    schemas.push({ database, schema: name, comment: nonEmpty(row.SCHEMA_COMMENT) });
  }
  const rows: CatalogRows = {
    databases: [{ name: database }],
    schemas,
    relations,
    columns: [],
    columnGroups: reads.columns,
    keyGroups: reads.keyGroups,
    partitions: toPartitions(database, reads.partitions ?? []),
  };
  return { rows, warnings };
}
