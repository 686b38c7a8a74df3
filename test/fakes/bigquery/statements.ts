/**
 * What the fake does with a statement: it is parsed first (BigQuery dialect, the package's parser), then
 * INFORMATION_SCHEMA views are evaluated, SELECT of literals/parameters and GENERATE_ARRAY answered.
 */
import { FakeSqlError } from '../sql/model.js';
import { parseStatements } from '../sql/parse.js';
import { namedTables } from '../sql/tables.js';
import {
  BigQueryRefusal,
  bigQueryEnv,
  bigQueryError,
  type QueryParameter,
  runInformationSchema,
} from './information-schema-sql.js';
import { bigQueryType, type FakeWorld } from './world.js';

export interface Field {
  name: string;
  type: string;
  mode?: string;
}
export type Outcome =
  | { kind: 'rows'; fields: Field[]; rows: Array<Array<string | null>>; bytes: number }
  | { kind: 'slow' }
  | { kind: 'error'; status: number; reason: string; message: string };

interface Parameter {
  name?: string;
  parameterType: { type: string };
  parameterValue: { value?: string | null };
}

export interface Caller {
  /** No project-level rights: region views and `restrictedDataset` are denied. */
  restricted: boolean;
}

export interface StatementRules {
  restrictedDataset: string;
  /** Views that fail with 403 for everyone (to test catalog warnings). */
  deniedViews: Set<string>;
}

const fail = (status: number, reason: string, message: string): Outcome => ({ kind: 'error', status, reason, message });
const unquote = (name: string) => name.replace(/^`|`$/g, '');

/** Parses with the package's parser (BigQuery dialect); INFORMATION_SCHEMA queries are evaluated over the views. */
function parsed(world: FakeWorld, sql: string, params: Parameter[], caller: Caller, rules: StatementRules) {
  try {
    const statements = parseStatements(sql, 'bigquery');
    if (statements.length !== 1) return fail(400, 'invalidQuery', 'Syntax error: one statement expected at [1:1]');
    const names = namedTables(statements[0]);
    if (!names.some((name) => name.some((part) => part.value.toUpperCase() === 'INFORMATION_SCHEMA'))) return;
    const query = (statements[0] as { Query?: unknown }).Query;
    if (!query) return fail(400, 'invalidQuery', 'Syntax error: a query was expected at [1:1]');
    return runInformationSchema(query, bigQueryEnv(world, params as QueryParameter[], caller, rules));
  } catch (error) {
    if (error instanceof BigQueryRefusal) return error.outcome;
    if (error instanceof FakeSqlError) {
      if (error.kind === 'syntax') return fail(400, 'invalidQuery', `Syntax error: ${error.message} at [1:1]`);
      return bigQueryError(error);
    }
    throw error;
  }
}

function literal(
  expression: string,
  params: Parameter[],
  position: { next: number },
): Outcome | { type: string; value: string | null } {
  const text = expression.trim();
  if (text.startsWith('@')) {
    const found = params.find((p) => p.name === text.slice(1));
    if (!found) return fail(400, 'invalidQuery', `Query parameter '${text.slice(1)}' not found at [1:8]`);
    return { type: found.parameterType.type, value: found.parameterValue.value ?? null };
  }
  if (text === '?') {
    const found = params[position.next++];
    if (!found) return fail(400, 'invalidQuery', 'Positional parameter not found');
    return { type: found.parameterType.type, value: found.parameterValue.value ?? null };
  }
  if (/^-?\d+$/.test(text)) return { type: 'INT64', value: text };
  if (/^-?\d*\.\d+$/.test(text)) return { type: 'FLOAT64', value: text };
  if (/^'[^']*'$/.test(text)) return { type: 'STRING', value: text.slice(1, -1) };
  if (/^(TRUE|FALSE)$/i.test(text)) return { type: 'BOOL', value: text.toLowerCase() };
  if (/^NULL$/i.test(text)) return { type: 'STRING', value: null };
  return fail(400, 'invalidQuery', `Syntax error: Unexpected "${text.slice(0, 20)}"`);
}

function selectList(list: string, params: Parameter[]): Outcome {
  const fields: Field[] = [];
  const row: Array<string | null> = [];
  const position = { next: 0 };
  const items = list.split(/,(?=(?:[^']*'[^']*')*[^']*$)/);
  for (const [index, item] of items.entries()) {
    const match = /^(.*?)(?:\s+AS\s+(\w+))?$/is.exec(item.trim());
    const value = literal(match?.[1] ?? '', params, position);
    if ('kind' in value) return value;
    fields.push({ name: match?.[2] ?? `f${index}_`, type: value.type });
    row.push(value.value);
  }
  return { kind: 'rows', fields, rows: [row], bytes: 0 };
}

/** Runs a statement against the world. Unknown statements fail the way BigQuery fails them (400/404). */
export function evaluate(
  world: FakeWorld,
  sql: string,
  params: Parameter[],
  caller: Caller,
  rules: StatementRules,
): Outcome {
  const text = sql.trim().replace(/;$/, '');
  const answered = parsed(world, text, params, caller, rules);
  if (answered) return answered;
  if (/GENERATE_ARRAY/i.test(text) && /CROSS\s+JOIN/i.test(text)) return { kind: 'slow' };
  const series =
    /^SELECT\s+(\w+)\s+FROM\s+UNNEST\s*\(\s*GENERATE_ARRAY\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*\)\s+AS\s+\w+(?:\s+ORDER\s+BY\s+\w+)?$/i.exec(
      text,
    );
  if (series) {
    const [from, to] = [Number(series[2]), Math.min(Number(series[3]), 1_000_000)];
    const rows = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => [String(from + i)]);
    return { kind: 'rows', fields: [{ name: series[1] ?? 'x', type: 'INT64' }], rows, bytes: 0 };
  }
  const select = /^SELECT\s+([\s\S]+)$/i.exec(text);
  if (select && !/\bFROM\b/i.test(text)) return selectList(select[1] ?? '', params);
  const from = /^SELECT\s+[\s\S]+?\s+FROM\s+([\w.`-]+)/i.exec(text);
  if (from) {
    const names = unquote(from[1] ?? '').split('.');
    if (names.length < 2) {
      return fail(
        400,
        'invalid',
        `Table name "${names[0]}" missing dataset while no default dataset is set in the request.`,
      );
    }
    const [dataset, name] = names.slice(-2);
    const table = world.tables.find((t) => t.schema === dataset && t.name === name);
    if (!table)
      return fail(
        404,
        'notFound',
        `Not found: Table ${world.projectId}:${dataset}.${name} was not found in location ${world.location}`,
      );
    return {
      kind: 'rows',
      fields: table.columns.map((c) => ({ name: c.name, type: bigQueryType(c) })),
      rows: [],
      bytes: (table.rows ?? 0) * 64,
    };
  }
  return fail(400, 'invalidQuery', `Syntax error: Unexpected identifier "${text.split(/\s+/)[0]}" at [1:1]`);
}
