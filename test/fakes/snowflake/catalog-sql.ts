/**
 * Snowflake statements over INFORMATION_SCHEMA, evaluated on the fake's views: a wrong view is "does not exist or
 * not authorized" (002003), a wrong column "invalid identifier" (000904), and only the selected columns return.
 */
import { FakeSqlError, type Ident, type SqlEnv, type SqlValue } from '../sql/model.js';
import { runQuery } from '../sql/query.js';
import { informationSchemaView } from './information-schema.js';
import { type ResultSet, type SnowflakeWireType, type SqlError, sqlErrors } from './protocol.js';
import { snowflakeName } from './show-parse.js';
import type { StatementContext } from './statements.js';

const castTypes: Record<string, SnowflakeWireType> = {
  varchar: 'text',
  string: 'text',
  text: 'text',
  char: 'text',
  number: 'fixed',
  numeric: 'fixed',
  int: 'fixed',
  integer: 'fixed',
  bigint: 'fixed',
  boolean: 'boolean',
  float: 'real',
  double: 'real',
  real: 'real',
  variant: 'variant',
  date: 'date',
};

function table(ctx: StatementContext, name: Ident[]) {
  const parts = name.map(snowflakeName);
  const written = parts.join('.');
  const [view, schema, database] = [parts.at(-1)!, parts.at(-2), parts.at(-3) ?? ctx.database?.toUpperCase()];
  const known = database === ctx.world.database.toUpperCase() || database === 'SNOWFLAKE';
  if (schema !== 'INFORMATION_SCHEMA' || !database || !known || parts.length > 3) {
    throw new FakeSqlError('table', written);
  }
  const relation = informationSchemaView(view, database, ctx.world, ctx.visibility);
  if (!relation) throw new FakeSqlError('table', written);
  return relation;
}

function functions(ctx: StatementContext, name: string): { value: SqlValue } | undefined {
  const values: Record<string, SqlValue> = {
    CURRENT_VERSION: ctx.version,
    CURRENT_DATABASE: ctx.database ?? null,
    CURRENT_ROLE: ctx.role,
    CURRENT_USER: ctx.user,
    CURRENT_WAREHOUSE: 'COMPUTE_WH',
  };
  const key = name.toUpperCase();
  return key in values ? { value: values[key]! } : undefined;
}

export function snowflakeEnv(ctx: StatementContext): SqlEnv {
  return {
    fold: snowflakeName,
    aliasName: snowflakeName,
    nullsLast: true,
    table: (name) => table(ctx, name),
    call: (name) => functions(ctx, name),
    parameter(text, position) {
      const index = text === '?' ? position : /^:(\d+)$/.test(text) ? Number(text.slice(1)) - 1 : -1;
      const bind = ctx.binds[index];
      if (!bind) throw new FakeSqlError('parameter', text, `Bind variable ${text} not set.`);
      return bind.value as SqlValue;
    },
    castType: (dataType) => castTypes[Object.keys(dataType)[0]!.toLowerCase()] ?? 'text',
    valueType: (value) => {
      if (typeof value === 'boolean') return 'boolean';
      if (typeof value === 'number' || typeof value === 'bigint')
        return Number.isInteger(Number(value)) ? 'fixed' : 'real';
      if (value !== null && typeof value === 'object') return 'variant';
      return 'text';
    },
  };
}

/** Snowflake's error for what the evaluator refused. */
export function snowflakeError(error: FakeSqlError): SqlError {
  switch (error.kind) {
    case 'table':
      return sqlErrors.missingObject(error.subject);
    case 'column':
    case 'ambiguous':
    case 'parameter':
      return sqlErrors.invalidIdentifier(error.subject);
    case 'function':
      return sqlErrors.unknownFunction(error.subject);
    default:
      return sqlErrors.syntax(error.subject);
  }
}

export function runInformationSchema(query: unknown, ctx: StatementContext): ResultSet {
  const relation = runQuery(query, snowflakeEnv(ctx));
  const columns = relation.columns.map((c) => ({
    name: c.name,
    type: c.type as SnowflakeWireType,
    ...(c.type === 'fixed' ? { precision: 38, scale: 0 } : {}),
  }));
  return { columns, rows: relation.rows };
}
