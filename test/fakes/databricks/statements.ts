/**
 * The small SQL dialect the fake understands: information_schema selects (column list + equality filters),
 * literal/parameter selects, `range(n)` row generators, a slow `count(*)` over a huge range, table probes, and
 * realistic errors for everything else.
 */
import { informationSchemaView } from './information-schema.js';
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

function informationSchemaSelect(match: RegExpExecArray, ctx: StatementContext): StatementOutcome {
  const [, list = '', catalog = ctx.currentCatalog, view = '', where] = match;
  if (!ctx.informationSchemaAvailable || catalog.toLowerCase() === 'hive_metastore') {
    return error(
      `[TABLE_OR_VIEW_NOT_FOUND] The table or view \`${catalog}\`.\`information_schema\`.\`${view}\` cannot be found. Verify the spelling and correctness of the schema and catalog.`,
      '42P01',
    );
  }
  const data = informationSchemaView(ctx.model, catalog.toLowerCase(), view.toLowerCase(), ctx.restricted);
  if (!data)
    return error(
      `[TABLE_OR_VIEW_NOT_FOUND] The table or view \`information_schema\`.\`${view}\` cannot be found.`,
      '42P01',
    );
  const selected =
    list.trim() === '*' ? data.columns : splitList(list).map((name) => name.replace(/`/g, '').toLowerCase());
  const columns: FakeColumn[] = [];
  for (const item of selected) {
    const column = typeof item === 'string' ? data.columns.find((c) => c.name === item) : item;
    if (!column)
      return error(
        `[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column with name \`${String(item)}\` cannot be resolved.`,
        '42703',
      );
    columns.push(column);
  }
  const ordinal = { next: 0 };
  const filters: Array<[string, unknown]> = [];
  for (const condition of where ? where.split(/\s+and\s+/i) : []) {
    const parts = /^`?(\w+)`?\s*=\s*(.+)$/.exec(condition.trim());
    const value = parts ? evaluate(parts[2] ?? '', ctx, ordinal) : undefined;
    if (!parts || !value) return error(`[PARSE_SYNTAX_ERROR] Unsupported condition: ${condition}`, '42601');
    filters.push([(parts[1] ?? '').toLowerCase(), value.value]);
  }
  const rows = data.rows
    .filter((row) => filters.every(([key, value]) => String(row[key]).toLowerCase() === String(value).toLowerCase()))
    .map((row) => Object.fromEntries(columns.map((c) => [c.name, row[c.name]])));
  return { kind: 'rows', result: { columns, rows } };
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

export function runStatement(sql: string, ctx: StatementContext): StatementOutcome {
  const text = sql.trim().replace(/;$/, '').replace(/\s+/g, ' ');
  const infoSchema =
    /^select (.+?) from (?:`?(\w+)`?\.)?`?information_schema`?\.`?(\w+)`?(?: where (.+?))?(?: order by .+)?$/i.exec(
      text,
    );
  if (infoSchema) return informationSchemaSelect(infoSchema, ctx);
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
