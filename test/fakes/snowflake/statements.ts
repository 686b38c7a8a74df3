/**
 * The fake's SQL: the statements the adapter and the contract suite send, parsed with the package's parser and
 * answered like Snowflake does (SHOW and INFORMATION_SCHEMA from the fixture world).
 */

import { FakeSqlError } from '../sql/model.js';
import { type AstNode, firstWord, parseStatements } from '../sql/parse.js';
import { namedTables } from '../sql/tables.js';
import { runInformationSchema, snowflakeError } from './catalog-sql.js';
import type { CatalogWorld, Visibility } from './catalog-world.js';
import { type ResultColumn, type ResultSet, type SnowflakeWireType, type SqlError, sqlErrors } from './protocol.js';
import { answerShow } from './show-commands.js';
import { showCommand } from './show-parse.js';

export interface StatementContext {
  sql: string;
  /** Bind values in position order, decoded from the request's `bindings`. */
  binds: Array<{ type: string; value: unknown }>;
  user: string;
  role: string;
  database: string | undefined;
  world: CatalogWorld;
  visibility: Visibility;
  version: string;
  /** Snowflake fails a SHOW answer longer than this with 090153. @default 10000 */
  maxShowRows: number;
}

export type Answer =
  | { kind: 'result'; result: ResultSet }
  | { kind: 'error'; error: SqlError }
  /** Runs until cancelled or until its statement timeout. */
  | { kind: 'slow' };

/** A statement handler a test adds; returning undefined passes to the next one. */
export type StatementHandler = (ctx: StatementContext) => Answer | undefined;

/** Splits a select list on top-level commas. */
function splitItems(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const char = list[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      items.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  items.push(list.slice(start).trim());
  return items;
}

const castTypes: Record<string, SnowflakeWireType> = {
  NUMBER: 'fixed',
  INT: 'fixed',
  INTEGER: 'fixed',
  FLOAT: 'real',
  DOUBLE: 'real',
  VARCHAR: 'text',
  STRING: 'text',
  TEXT: 'text',
  BOOLEAN: 'boolean',
  DATE: 'date',
};
const bindTypes: Record<string, SnowflakeWireType> = { FIXED: 'fixed', REAL: 'real', BOOLEAN: 'boolean' };

/** One select item without FROM: a bind, a literal or a CURRENT_x() function. */
function evaluateItem(item: string, ctx: StatementContext, bindIndex: { next: number }) {
  const match = /^(.+?)(?:\s+AS\s+("(?:[^"]|"")+"|\w+))?$/is.exec(item);
  if (!match) return undefined;
  const [, rawExpr, rawAlias] = match;
  const [expr, cast] = rawExpr!.trim().split('::') as [string, string | undefined];
  const alias = rawAlias ? (rawAlias.startsWith('"') ? rawAlias.slice(1, -1) : rawAlias.toUpperCase()) : undefined;
  const column = (type: SnowflakeWireType): ResultColumn => ({
    name: alias ?? expr.toUpperCase(),
    type: cast ? (castTypes[cast.trim().toUpperCase()] ?? type) : type,
    precision: 38,
    scale: 0,
  });
  const functions: Record<string, string | null | undefined> = {
    'CURRENT_VERSION()': ctx.version,
    'CURRENT_DATABASE()': ctx.database ?? null,
    'CURRENT_ROLE()': ctx.role,
    'CURRENT_USER()': ctx.user,
    'CURRENT_WAREHOUSE()': 'COMPUTE_WH',
  };
  const upperExpr = expr.toUpperCase().replace(/\s+/g, '');
  if (upperExpr in functions) return { column: column('text'), value: functions[upperExpr] };
  const bind = /^(\?|:(\d+))$/.exec(expr);
  if (bind) {
    const position = bind[2] ? Number(bind[2]) - 1 : bindIndex.next++;
    const value = ctx.binds[position];
    if (!value) return undefined;
    return { column: column(bindTypes[value.type] ?? 'text'), value: value.value };
  }
  if (/^-?\d+(\.\d+)?$/.test(expr)) return { column: column('fixed'), value: expr };
  if (/^'.*'$/s.test(expr)) return { column: column('text'), value: expr.slice(1, -1).replace(/''/g, "'") };
  return undefined;
}

function selectWithoutFrom(ctx: StatementContext, list: string): Answer | undefined {
  const bindIndex = { next: 0 };
  const items = splitItems(list).map((item) => evaluateItem(item, ctx, bindIndex));
  if (items.some((item) => item === undefined)) return undefined;
  const defined = items as Array<{ column: ResultColumn; value: unknown }>;
  return { kind: 'result', result: { columns: defined.map((i) => i.column), rows: [defined.map((i) => i.value)] } };
}

/** `SELECT SEQ4() AS N FROM TABLE(GENERATOR(ROWCOUNT => n))`: n integer rows. */
function generator(sql: string): Answer | undefined {
  const match =
    /^SELECT\s+SEQ[48]\(\)(?:\s+AS\s+"?(\w+)"?)?\s+FROM\s+TABLE\(\s*GENERATOR\(\s*ROWCOUNT\s*=>\s*(\d+)\s*\)\s*\)$/i.exec(
      sql,
    );
  if (!match) return undefined;
  const rows = Array.from({ length: Number(match[2]) }, (_, i) => [i]);
  const name = match[1] ?? 'SEQ4()';
  return { kind: 'result', result: { columns: [{ name, type: 'fixed', precision: 38, scale: 0 }], rows } };
}

const ok = (status = 'Statement executed successfully.'): Answer => ({
  kind: 'result',
  result: { columns: [{ name: 'status', type: 'text' }], rows: [[status]] },
});

/** SHOW, and SELECTs over INFORMATION_SCHEMA views; undefined for the other statements. */
function catalogStatement(ctx: StatementContext, statement: AstNode): Answer | undefined {
  const show = showCommand(statement);
  if (show) {
    const result = answerShow(show, ctx.world, ctx.visibility, ctx.database?.toUpperCase());
    return result.rows.length > ctx.maxShowRows
      ? { kind: 'error', error: sqlErrors.showRowLimit() }
      : { kind: 'result', result };
  }
  const names = namedTables(statement);
  if (!names.some((name) => name.some((part) => part.value.toUpperCase() === 'INFORMATION_SCHEMA'))) return;
  return { kind: 'result', result: runInformationSchema((statement as { Query: unknown }).Query, ctx) };
}

/**
 * Routes one statement. It is parsed first (the package's parser, snowflake dialect): what does not parse gets
 * Snowflake's syntax error. `extra` handlers a test registered run next.
 */
export function answerStatement(ctx: StatementContext, extra: StatementHandler[]): Answer {
  const sql = ctx.sql.trim().replace(/;\s*$/, '');
  let statements: AstNode[];
  try {
    statements = parseStatements(sql, 'snowflake');
    if (statements.length !== 1) throw new FakeSqlError('syntax', firstWord(sql), 'one statement expected');
  } catch (error) {
    if (error instanceof FakeSqlError) return { kind: 'error', error: sqlErrors.syntax(firstWord(sql)) };
    throw error;
  }
  for (const handler of extra) {
    const answer = handler(ctx);
    if (answer) return answer;
  }
  try {
    const answer = catalogStatement(ctx, statements[0]);
    if (answer) return answer;
  } catch (error) {
    if (error instanceof FakeSqlError) return { kind: 'error', error: snowflakeError(error) };
    throw error;
  }
  if (/^(CALL|SELECT)\s+SYSTEM\$WAIT\(/i.test(sql)) return { kind: 'slow' };
  if (/^ALTER\s+SESSION\s+/i.test(sql)) return ok();
  const generated = generator(sql);
  if (generated) return generated;
  const fromMatch = /^SELECT\s+.+?\s+FROM\s+("?[\w$.]+"?)/is.exec(sql);
  if (fromMatch) {
    const name = fromMatch[1]!.replace(/"/g, '').toUpperCase();
    const schema = name.split('.').at(-2)?.toLowerCase();
    if (schema && ctx.visibility.hiddenSchemas.has(schema)) {
      return { kind: 'error', error: sqlErrors.insufficientPrivileges(schema.toUpperCase()) };
    }
    return { kind: 'error', error: sqlErrors.missingObject(name) };
  }
  const select = /^SELECT\s+(.+)$/is.exec(sql);
  const answer = select ? selectWithoutFrom(ctx, select[1]!) : undefined;
  return answer ?? { kind: 'error', error: sqlErrors.syntax(sql.split(/\s+/)[0] ?? '') };
}
