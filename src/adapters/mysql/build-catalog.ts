import type { CatalogWarning, Column, Index, Schema, Table, TableKind } from '../../catalog/model.js';
import { typeFamily } from '../../catalog/type-family.js';

export type Row = Record<string, unknown>;

/** What the catalog statements returned; a part that could not be read is undefined (and already a warning). */
export interface CatalogRows {
  schemata: Row[];
  tables: Row[];
  columns: Row[];
  views?: Row[];
  /** KEY_COLUMN_USAGE rows. */
  keyColumns?: Row[];
  /** REFERENTIAL_CONSTRAINTS rows (rules of the foreign keys). */
  referentialRules?: Row[];
  indexes?: Row[];
  partitions?: Row[];
}

const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
const nonEmpty = (value: unknown): string | undefined => {
  const result = text(value);
  return result === undefined || result === '' ? undefined : result;
};
const key = (schema: unknown, table: unknown) => `${text(schema)}\u0000${text(table)}`;

function groupBy(rows: Row[] | undefined): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows ?? []) {
    const id = key(row.TABLE_SCHEMA, row.TABLE_NAME);
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

/** MySQL spells BOOLEAN as tinyint(1) and has YEAR; everything else follows the shared mapping. */
export function mysqlTypeFamily(columnType: string): Column['type'] {
  if (/^tinyint\(1\)/i.test(columnType)) return 'boolean';
  if (/^year\b/i.test(columnType)) return 'integer';
  return typeFamily(columnType);
}

function tableKind(row: Row): TableKind {
  const type = text(row.TABLE_TYPE) ?? '';
  if (type.includes('VIEW')) return 'view';
  if (type === 'TEMPORARY') return 'temporary';
  if (/partitioned/i.test(text(row.CREATE_OPTIONS) ?? '')) return 'partitioned';
  if (/^(FEDERATED|CONNECT)$/i.test(text(row.ENGINE) ?? '')) return 'foreign';
  return 'table';
}

function toColumn(row: Row): Column {
  const columnType = text(row.COLUMN_TYPE) ?? text(row.DATA_TYPE) ?? '';
  const extra = text(row.EXTRA) ?? '';
  // MariaDB reports "no default" on a nullable column as the text NULL (a NULL literal default means the same).
  const rawDefault = text(row.COLUMN_DEFAULT);
  const defaultValue = rawDefault === undefined || rawDefault === 'NULL' ? undefined : rawDefault;
  return {
    name: text(row.COLUMN_NAME) ?? '',
    ordinal: Number(row.ORDINAL_POSITION),
    nativeType: columnType,
    type: mysqlTypeFamily(columnType),
    nullable: text(row.IS_NULLABLE) === 'YES',
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    ...(nonEmpty(row.COLUMN_COMMENT) ? { comment: nonEmpty(row.COLUMN_COMMENT) } : {}),
    ...(/auto_increment/i.test(extra) ? { isIdentity: true } : {}),
    ...(/\b(VIRTUAL|STORED|PERSISTENT)\b/i.test(extra) ? { isGenerated: true } : {}),
  };
}

/** Keys from KEY_COLUMN_USAGE: PRIMARY is the primary key, rows with REFERENCED_* foreign keys, the rest unique. */
/** Rows grouped by a name column, in row order. */
function byNameOf(rows: Row[], column: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const name = text(row[column]) ?? '';
    const group = groups.get(name);
    if (group) group.push(row);
    else groups.set(name, [row]);
  }
  return groups;
}

function applyKeys(table: Table, rows: Row[], rules: Map<string, Row>): void {
  const byName = byNameOf(rows, 'CONSTRAINT_NAME');
  for (const [name, group] of byName) {
    const first = group[0]!;
    const columns = group.map((row) => text(row.COLUMN_NAME) ?? '');
    if (name === 'PRIMARY') table.primaryKey = { name, columns };
    else if (first.REFERENCED_TABLE_NAME == null) table.uniqueConstraints.push({ name, columns });
    else {
      const rule = rules.get(`${key(first.TABLE_SCHEMA, first.TABLE_NAME)}\u0000${name}`);
      table.foreignKeys.push({
        name,
        columns,
        referencedSchema: text(first.REFERENCED_TABLE_SCHEMA) ?? '',
        referencedTable: text(first.REFERENCED_TABLE_NAME) ?? '',
        referencedColumns: group.map((row) => text(row.REFERENCED_COLUMN_NAME) ?? ''),
        ...(nonEmpty(rule?.UPDATE_RULE) ? { onUpdate: nonEmpty(rule?.UPDATE_RULE) } : {}),
        ...(nonEmpty(rule?.DELETE_RULE) ? { onDelete: nonEmpty(rule?.DELETE_RULE) } : {}),
      });
    }
  }
}

function toIndexes(rows: Row[]): Index[] {
  return [...byNameOf(rows, 'INDEX_NAME')].map(([name, group]) => ({
    name,
    columns: group.map((row) => text(row.COLUMN_NAME)).filter((column): column is string => column !== undefined),
    unique: Number(group[0]!.NON_UNIQUE) === 0,
    ...(name === 'PRIMARY' ? { primary: true } : {}),
    ...(nonEmpty(group[0]!.INDEX_TYPE) ? { method: nonEmpty(group[0]!.INDEX_TYPE) } : {}),
  }));
}

/** Column names in a partition expression: backquoted identifiers, else a plain comma-separated list. */
function partitionColumns(expression: string | undefined): string[] {
  if (!expression) return [];
  const quoted = [...expression.matchAll(/`((?:[^`]|``)+)`/g)].map((match) => match[1]!.replace(/``/g, '`'));
  if (quoted.length > 0) return [...new Set(quoted)];
  const plain = expression.split(',').map((part) => part.trim());
  return plain.every((part) => /^[A-Za-z_][A-Za-z0-9_$]*$/.test(part)) ? plain : [];
}

function toPartitioning(rows: Row[]): Table['partitioning'] {
  const first = rows[0]!;
  const strategy = (text(first.PARTITION_METHOD) ?? 'unknown').toLowerCase().replace(/\s+columns$/, '');
  return {
    strategy,
    columns: partitionColumns(text(first.PARTITION_EXPRESSION)),
    partitions: rows.map((row) => text(row.PARTITION_NAME) ?? ''),
  };
}

function toTable(row: Row, parts: Map<string, Map<string, Row[]>>, rules: Map<string, Row>): Table {
  const id = key(row.TABLE_SCHEMA, row.TABLE_NAME);
  const kind = tableKind(row);
  const partitionRows = parts.get('partitions')?.get(id);
  // Views carry the literal comment "VIEW" in MySQL; it is not a user comment.
  const comment = kind === 'view' && text(row.TABLE_COMMENT) === 'VIEW' ? undefined : nonEmpty(row.TABLE_COMMENT);
  const viewDefinition = nonEmpty(parts.get('views')?.get(id)?.[0]?.VIEW_DEFINITION);
  const table: Table = {
    name: text(row.TABLE_NAME) ?? '',
    kind,
    ...(comment ? { comment } : {}),
    ...(kind !== 'view' && row.TABLE_ROWS != null ? { rowCountEstimate: Number(row.TABLE_ROWS) } : {}),
    ...(kind !== 'view' && row.SIZE_BYTES != null ? { sizeBytes: Number(row.SIZE_BYTES) } : {}),
    ...(viewDefinition ? { viewDefinition } : {}),
    columns: (parts.get('columns')?.get(id) ?? []).map(toColumn),
    foreignKeys: [],
    uniqueConstraints: [],
    indexes: toIndexes(parts.get('indexes')?.get(id) ?? []),
    ...(partitionRows ? { partitioning: toPartitioning(partitionRows) } : {}),
  };
  applyKeys(table, parts.get('keyColumns')?.get(id) ?? [], rules);
  return table;
}

/**
 * Assembles the schemas of the one catalog database from the rows of each catalog view. A schema listed but without
 * any privilege of the session (and so without visible tables) is left out with a PERMISSION_DENIED warning.
 */
export function buildSchemas(
  databaseName: string,
  rows: CatalogRows,
  keepTable: (schema: string, table: string) => boolean,
): { schemas: Schema[]; warnings: CatalogWarning[] } {
  const parts = new Map<string, Map<string, Row[]>>([
    ['columns', groupBy(rows.columns)],
    ['views', groupBy(rows.views)],
    ['keyColumns', groupBy(rows.keyColumns)],
    ['indexes', groupBy(rows.indexes)],
    ['partitions', groupBy(rows.partitions)],
  ]);
  const rules = new Map(
    (rows.referentialRules ?? []).map((rule) => [
      `${key(rule.TABLE_SCHEMA, rule.TABLE_NAME)}\u0000${text(rule.CONSTRAINT_NAME)}`,
      rule,
    ]),
  );
  const tablesBySchema = new Map<string, Table[]>();
  for (const row of rows.tables) {
    const schema = text(row.TABLE_SCHEMA) ?? '';
    if (!keepTable(schema, text(row.TABLE_NAME) ?? '')) continue;
    const list = tablesBySchema.get(schema);
    if (list) list.push(toTable(row, parts, rules));
    else tablesBySchema.set(schema, [toTable(row, parts, rules)]);
  }
  const schemas: Schema[] = [];
  const warnings: CatalogWarning[] = [];
  for (const row of rows.schemata) {
    const name = text(row.SCHEMA_NAME) ?? '';
    const tables = tablesBySchema.get(name) ?? [];
    if (tables.length === 0 && Number(row.DT_HAS_PRIVILEGE) === 0) {
      warnings.push({
        code: 'PERMISSION_DENIED',
        message: `No privilege on MySQL database "${name}": its tables cannot be read`,
        scope: `${databaseName}.${name}`,
      });
      continue;
    }
    const comment = nonEmpty(row.SCHEMA_COMMENT);
    schemas.push({ name, ...(comment ? { comment } : {}), tables });
  }
  return { schemas, warnings };
}
