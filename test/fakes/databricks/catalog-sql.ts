/**
 * information_schema statements evaluated over the fake warehouse's views: a wrong view is TABLE_OR_VIEW_NOT_FOUND,
 * a wrong column UNRESOLVED_COLUMN, as on Databricks, and only the selected columns come back.
 */
import { FakeSqlError, type Ident, type Relation, type SqlEnv, type SqlValue } from '../sql/model.js';
import { runQuery } from '../sql/query.js';
import { informationSchemaView } from './information-schema.js';
import type { FakeColumnType, FakeResult } from './rowset.js';
import type { SparkParameter, StatementContext } from './statements.js';

/** Raised for a missing view, with the name as Databricks prints it. */
const notFound = (parts: string[]) =>
  new FakeSqlError(
    'table',
    parts.map((part) => `\`${part}\``).join('.'),
    `[TABLE_OR_VIEW_NOT_FOUND] The table or view ${parts.map((part) => `\`${part}\``).join('.')} cannot be found. Verify the spelling and correctness of the schema and catalog.`,
  );

function table(ctx: StatementContext, name: Ident[]): Relation {
  const parts = name.map((part) => part.value.toLowerCase());
  const [view, schema, catalog] = [parts.at(-1)!, parts.at(-2), parts.at(-3) ?? ctx.currentCatalog.toLowerCase()];
  if (schema !== 'information_schema' || parts.length > 3) throw notFound(name.map((part) => part.value));
  if (!ctx.informationSchemaAvailable || catalog === 'hive_metastore') throw notFound([catalog, schema, view]);
  const known = catalog === 'system' || ctx.model.catalogs.some((c) => c.name === catalog);
  const data = known ? informationSchemaView(ctx.model, catalog, view, ctx.restricted) : undefined;
  if (!data) throw notFound([catalog, schema, view]);
  const names = new Set(data.columns.map((c) => c.name));
  const rows = data.rows.map((row) => {
    const unknown = Object.keys(row).find((key) => !names.has(key));
    if (unknown) throw new Error(`fake bug: information_schema.${view} has no column ${unknown}`);
    return data.columns.map((c) => (row[c.name] ?? null) as SqlValue);
  });
  return { columns: data.columns, rows };
}

function parameter(ctx: StatementContext, text: string, position: number): SqlValue {
  const found: SparkParameter | undefined =
    text === '?' ? ctx.parameters[position] : ctx.parameters.find((p) => `:${p.name}` === text);
  if (!found)
    throw new FakeSqlError('parameter', text, `[UNBOUND_SQL_PARAMETER] Found the unbound parameter: ${text}.`);
  const raw = found.value?.stringValue ?? null;
  if (raw === null) return null;
  if (['INTEGER', 'SMALLINT', 'TINYINT', 'BIGINT', 'DOUBLE', 'FLOAT'].includes(found.type ?? '')) return Number(raw);
  if (found.type === 'BOOLEAN') return raw === 'TRUE';
  return raw;
}

const castTypes: Record<string, FakeColumnType> = {
  int: 'INT',
  integer: 'INT',
  bigint: 'BIGINT',
  boolean: 'BOOLEAN',
  double: 'DOUBLE',
  float: 'DOUBLE',
  decimal: 'DECIMAL',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

export function databricksEnv(ctx: StatementContext): SqlEnv {
  return {
    // Spark resolves names case-insensitively and keeps an alias as written.
    fold: (ident) => ident.value.toLowerCase(),
    aliasName: (ident) => ident.value,
    table: (name) => table(ctx, name),
    parameter: (text, position) => parameter(ctx, text, position),
    castType: (dataType) => castTypes[Object.keys(dataType)[0]!.toLowerCase()] ?? 'STRING',
    valueType: (value) => {
      if (typeof value === 'boolean') return 'BOOLEAN';
      if (typeof value === 'bigint') return 'BIGINT';
      if (typeof value === 'number') return Number.isInteger(value) ? 'INT' : 'DOUBLE';
      return 'STRING';
    },
  };
}

/** Databricks' error class and SQLSTATE for what the evaluator refused. */
export function databricksError(error: FakeSqlError): { message: string; sqlState: string } {
  const name = `\`${error.subject}\``;
  switch (error.kind) {
    case 'table':
      return { message: error.message, sqlState: '42P01' };
    case 'column':
      return {
        message: `[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name ${name} cannot be resolved.`,
        sqlState: '42703',
      };
    case 'ambiguous':
      return { message: `[AMBIGUOUS_REFERENCE] Reference ${name} is ambiguous.`, sqlState: '42704' };
    case 'function':
      return { message: `[UNRESOLVED_ROUTINE] Cannot resolve routine ${name}.`, sqlState: '42883' };
    case 'parameter':
      return { message: error.message, sqlState: '42P02' };
    default:
      return { message: `[PARSE_SYNTAX_ERROR] Syntax error at or near ${name}.`, sqlState: '42601' };
  }
}

export function runInformationSchema(query: unknown, ctx: StatementContext): FakeResult {
  const relation = runQuery(query, databricksEnv(ctx));
  const columns = relation.columns.map((c) => ({ name: c.name, type: c.type as FakeColumnType }));
  const rows = relation.rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null])));
  return { columns, rows };
}
