/**
 * What the fake answers. Every statement is parsed first (the package's parser, databricks dialect); then
 * information_schema selects are evaluated over the views (catalog-sql.ts),
 * literal/parameter selects, `range(n)` row generators, a slow `count(*)` over a huge range, table probes, and
 * realistic errors for everything else.
 */
import { FakeSqlError } from '../sql/model.js';
import { firstWord, parseStatements } from '../sql/parse.js';
import { namedTables } from '../sql/tables.js';
import { databricksError, runInformationSchema } from './catalog-sql.js';
import type { FakeColumn, FakeColumnType, FakeResult, FakeRow } from './rowset.js';
import type { WarehouseModel } from './warehouse-model.js';

export type StatementOutcome =
  | { kind: 'rows'; result: FakeResult }
  | { kind: 'error'; message: string; sqlState: string }
  | { kind: 'slow' };

export interface SparkParameter {
  name?: string | null;
  ordinal?: number | null;
  type?: string | null;
  value?: { stringValue?: string | null } | null;
}

export interface StatementContext {
  model: WarehouseModel;
  currentCatalog: string;
  restricted: boolean;
  /** Fail every information_schema query as a workspace without Unity Catalog does. */
  informationSchemaAvailable: boolean;
  parameters: SparkParameter[];
}

interface Value {
  value: unknown;
  type: FakeColumnType;
}

const error = (message: string, sqlState: string): StatementOutcome => ({ kind: 'error', message, sqlState });

function parameterValue(parameter: SparkParameter | undefined): Value {
  const raw = parameter?.value?.stringValue;
  if (!parameter?.type || raw === undefined || raw === null) return { value: null, type: 'STRING' };
  switch (parameter.type) {
    case 'INTEGER':
    case 'SMALLINT':
    case 'TINYINT':
      return { value: Number(raw), type: 'INT' };
    case 'BIGINT':
      return { value: Number(raw), type: 'BIGINT' };
    case 'DOUBLE':
    case 'FLOAT':
      return { value: Number(raw), type: 'DOUBLE' };
    case 'BOOLEAN':
      return { value: raw === 'TRUE', type: 'BOOLEAN' };
    case 'DECIMAL':
      return { value: raw, type: 'DECIMAL' };
    case 'DATE':
      return { value: raw, type: 'DATE' };
    case 'TIMESTAMP':
    case 'TIMESTAMP_NTZ':
      return { value: raw, type: 'TIMESTAMP' };
    default:
      return { value: raw, type: 'STRING' };
  }
}

/** Splits on commas outside quotes and parentheses. */
function splitList(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = false;
  let current = '';
  for (const ch of text) {
    if (ch === "'") quote = !quote;
    if (!quote && ch === '(') depth++;
    if (!quote && ch === ')') depth--;
    if (ch === ',' && depth === 0 && !quote) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function evaluate(expr: string, ctx: StatementContext, ordinal: { next: number }): Value | undefined {
  const e = expr.trim();
  if (e === '?') return parameterValue(ctx.parameters[ordinal.next++]);
  const named = /^:(\w+)$/.exec(e);
  if (named) return parameterValue(ctx.parameters.find((p) => p.name === named[1]));
  if (/^-?\d+$/.test(e)) return { value: Number(e), type: 'INT' };
  if (/^-?\d+\.\d+$/.test(e)) return { value: e, type: 'DECIMAL' };
  if (/^'.*'$/s.test(e)) return { value: e.slice(1, -1).replace(/''/g, "'"), type: 'STRING' };
  if (/^(true|false)$/i.test(e)) return { value: e.toLowerCase() === 'true', type: 'BOOLEAN' };
  if (/^null$/i.test(e)) return { value: null, type: 'STRING' };
  if (/^version\(\)$/i.test(e)) return { value: '3.5.0 datatasks-fake-databricks', type: 'STRING' };
  if (/^current_catalog\(\)$/i.test(e)) return { value: ctx.currentCatalog, type: 'STRING' };
  return undefined;
}

function literalSelect(list: string, ctx: StatementContext): StatementOutcome {
  const ordinal = { next: 0 };
  const columns: FakeColumn[] = [];
  const row: FakeRow = {};
  for (const item of splitList(list)) {
    const match = /^(.*?)(?:\s+as\s+`?(\w+)`?)?$/is.exec(item);
    const expr = match?.[1] ?? item;
    const value = evaluate(expr, ctx, ordinal);
    if (!value)
      return error(
        `[UNRESOLVED_COLUMN] A column or function parameter with name \`${expr}\` cannot be resolved.`,
        '42703',
      );
    const name = match?.[2] ?? expr;
    columns.push({ name, type: value.type });
    row[name] = value.value;
  }
  return { kind: 'rows', result: { columns, rows: [row] } };
}

function tableProbe(reference: string, ctx: StatementContext): StatementOutcome {
  const parts = reference.replace(/`/g, '').split('.');
  const [catalog, schema, name] = parts.length === 3 ? parts : [ctx.currentCatalog, ...parts];
  const table = ctx.model.tables.find(
    (t) => t.catalog === catalog?.toLowerCase() && t.schema === schema?.toLowerCase() && t.name === name?.toLowerCase(),
  );
  if (table && ctx.restricted && table.schema === ctx.model.restrictedSchema) {
    return error(
      `[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have USE SCHEMA on Schema '${catalog}.${schema}'.`,
      '42501',
    );
  }
  if (!table) {
    return error(`[TABLE_OR_VIEW_NOT_FOUND] The table or view \`${parts.join('`.`')}\` cannot be found.`, '42P01');
  }
  const columns = table.columns.map((c) => ({ name: c.name, type: 'STRING' as const }));
  return { kind: 'rows', result: { columns, rows: [] } };
}

/** Parses (databricks dialect); information_schema queries are evaluated, undefined for the other statements. */
function parsed(sql: string, ctx: StatementContext): StatementOutcome | undefined {
  try {
    const statements = parseStatements(sql, 'databricks');
    if (statements.length !== 1) throw new FakeSqlError('syntax', firstWord(sql), 'one statement expected');
    const names = namedTables(statements[0]);
    if (!names.some((name) => name.some((part) => part.value.toLowerCase() === 'information_schema'))) return;
    const query = (statements[0] as { Query?: unknown }).Query;
    if (!query) throw new FakeSqlError('syntax', firstWord(sql), 'a query was expected');
    return { kind: 'rows', result: runInformationSchema(query, ctx) };
  } catch (failure) {
    if (!(failure instanceof FakeSqlError)) throw failure;
    const { message, sqlState } = databricksError(failure);
    return error(message, sqlState);
  }
}

export function runStatement(sql: string, ctx: StatementContext): StatementOutcome {
  const text = sql.trim().replace(/;$/, '').replace(/\s+/g, ' ');
  const answered = parsed(sql.trim().replace(/;$/, ''), ctx);
  if (answered) return answered;
  const count = /^select count\(\*\)(?: as (\w+))? from range\((\d+)\)(?: \w+)?$/i.exec(text);
  if (count) {
    const n = Number(count[2]);
    if (n >= 1e9) return { kind: 'slow' };
    const name = count[1] ?? 'count(1)';
    return { kind: 'rows', result: { columns: [{ name, type: 'BIGINT' }], rows: [{ [name]: n }] } };
  }
  const range = /^select (?:\*|id) from range\((\d+)\)(?: \w+)?$/i.exec(text);
  if (range) {
    const n = Number(range[1]);
    return {
      kind: 'rows',
      result: { columns: [{ name: 'id', type: 'BIGINT' }], rows: Array.from({ length: n }, (_, id) => ({ id })) },
    };
  }
  const probe = /^select .+? from ([`\w.]+)(?: limit \d+)?$/i.exec(text);
  if (probe?.[1]) return tableProbe(probe[1], ctx);
  const literal = /^select (.+)$/is.exec(text);
  if (literal?.[1]) return literalSelect(literal[1], ctx);
  return error(`[PARSE_SYNTAX_ERROR] Syntax error at or near '${text.split(' ')[0] ?? ''}'.`, '42601');
}
