/**
 * INFORMATION_SCHEMA statements evaluated over the fake project's views: each table the statement names is checked
 * (project, dataset or region qualifier, access) and read from the model of the real view, so a wrong view or column
 * fails with BigQuery's own error, and only the selected columns come back.
 */
import { FakeSqlError, type Ident, type Relation, type SqlEnv, type SqlValue } from '../sql/model.js';
import { runQuery } from '../sql/query.js';
import { datasetOnlyViews, regionOnlyViews, viewColumns, viewRows } from './catalog-views.js';
import type { Caller, Outcome, StatementRules } from './statements.js';
import type { FakeWorld } from './world.js';

/** A refusal that is not about names (access, missing dataset): carries BigQuery's status and reason. */
export class BigQueryRefusal extends Error {
  constructor(readonly outcome: Extract<Outcome, { kind: 'error' }>) {
    super(outcome.message);
  }
}

export interface QueryParameter {
  name?: string;
  parameterType: { type: string; arrayType?: { type: string } };
  parameterValue: { value?: string | null; arrayValues?: Array<{ value?: string | null }> };
}

const refuse = (status: number, reason: string, message: string) =>
  new BigQueryRefusal({ kind: 'error', status, reason, message });

function checkQualifier(world: FakeWorld, names: string[], view: string, caller: Caller, rules: StatementRules) {
  const qualifier = names[names.length - 1] ?? '';
  const project = names.length > 1 ? names[0]! : world.projectId;
  if (project !== world.projectId) throw refuse(404, 'notFound', `Not found: Project ${project}`);
  const table = `${project}:${qualifier}.INFORMATION_SCHEMA.${view}`;
  if (rules.deniedViews.has(view)) throw refuse(403, 'accessDenied', `Access Denied: INFORMATION_SCHEMA.${view}`);
  if (qualifier.startsWith('region-')) {
    if (datasetOnlyViews.has(view)) throw refuse(400, 'invalidQuery', `${view} needs a dataset qualifier`);
    if (caller.restricted) {
      const message = `Access Denied: Table ${table}: User does not have permission to query table ${table}`;
      throw refuse(403, 'accessDenied', message);
    }
    return qualifier === `region-${world.location.toLowerCase()}` ? world.datasets : [];
  }
  if (regionOnlyViews.has(view)) throw refuse(400, 'invalidQuery', `${view} needs a region qualifier`);
  if (!world.datasets.includes(qualifier)) throw refuse(404, 'notFound', `Not found: Dataset ${project}:${qualifier}`);
  if (caller.restricted && qualifier === rules.restrictedDataset) {
    const message = `Access Denied: Dataset ${project}:${qualifier}: Permission bigquery.tables.list denied`;
    throw refuse(403, 'accessDenied', message);
  }
  return [qualifier];
}

function informationSchema(world: FakeWorld, name: Ident[], caller: Caller, rules: StatementRules): Relation {
  const parts = name.map((part) => part.value);
  const at = parts.findIndex((part) => part.toUpperCase() === 'INFORMATION_SCHEMA');
  const view = (parts[at + 1] ?? '').toUpperCase();
  const columns = viewColumns[view];
  if (at < 0 || at + 2 !== parts.length || !columns) {
    const message = `Table "${parts.slice(at).join('.')}" not found or not supported`;
    throw refuse(400, 'invalid', message);
  }
  const datasets = checkQualifier(world, parts.slice(0, at), view, caller, rules);
  const names = Object.keys(columns);
  const rows = viewRows(world, view, datasets).map((row) => {
    const unknown = Object.keys(row).find((key) => !(key in columns));
    if (unknown) throw new Error(`fake bug: INFORMATION_SCHEMA.${view} has no column ${unknown}`);
    return names.map((column) => row[column] ?? null);
  });
  return { columns: names.map((n) => ({ name: n, type: columns[n]! })), rows };
}

function parameterValue(parameter: QueryParameter): SqlValue {
  if (parameter.parameterType.type === 'ARRAY') {
    return (parameter.parameterValue.arrayValues ?? []).map((v) => v.value ?? null);
  }
  const value = parameter.parameterValue.value ?? null;
  if (value === null) return null;
  if (parameter.parameterType.type === 'INT64') return Number(value);
  if (parameter.parameterType.type === 'BOOL') return value === 'true';
  return value;
}

export function bigQueryEnv(world: FakeWorld, params: QueryParameter[], caller: Caller, rules: StatementRules): SqlEnv {
  return {
    // Column names are case-insensitive in BigQuery.
    fold: (ident) => ident.value.toLowerCase(),
    aliasName: (ident) => ident.value,
    table: (name) => informationSchema(world, name, caller, rules),
    parameter(text, position) {
      const found = text === '?' ? params[position] : params.find((p) => `@${p.name}` === text);
      if (!found) throw new FakeSqlError('parameter', text.replace(/^@/, ''));
      return parameterValue(found);
    },
    castType: (dataType) => Object.keys(dataType)[0]!.toUpperCase(),
    valueType: (value) => {
      if (typeof value === 'boolean') return 'BOOL';
      if (typeof value === 'number' || typeof value === 'bigint')
        return Number.isInteger(Number(value)) ? 'INT64' : 'FLOAT64';
      return 'STRING';
    },
  };
}

const messages: Record<FakeSqlError['kind'], (subject: string) => string> = {
  syntax: (s) => `Syntax error: Unexpected "${s}" at [1:1]`,
  table: (s) => `Table "${s}" not found or not supported`,
  column: (s) => `Unrecognized name: ${s} at [1:8]`,
  ambiguous: (s) => `Column name ${s} is ambiguous at [1:8]`,
  function: (s) => `Function not found: ${s} at [1:8]`,
  parameter: (s) => `Query parameter '${s}' not found at [1:8]`,
  unsupported: (s) => `The fake BigQuery cannot evaluate this statement: ${s}`,
};

/** BigQuery's error for what the evaluator refused. */
export function bigQueryError(error: FakeSqlError): Outcome {
  const reason = error.kind === 'table' ? 'invalid' : 'invalidQuery';
  return { kind: 'error', status: 400, reason, message: messages[error.kind](error.subject) };
}

const toText = (value: SqlValue): string | null =>
  value === null ? null : typeof value === 'object' ? JSON.stringify(value) : String(value);

export function runInformationSchema(query: unknown, env: SqlEnv): Outcome {
  const relation = runQuery(query, env);
  const fields = relation.columns.map((c) => ({ name: c.name, type: c.type }));
  return { kind: 'rows', fields, rows: relation.rows.map((row) => row.map(toText)), bytes: 10 * 1024 * 1024 };
}
