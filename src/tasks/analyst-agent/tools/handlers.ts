import { renderCatalog } from '../../../catalog/render.js';
import type { Logger } from '../../../core/context.js';
import { isDatataskError } from '../../../core/errors.js';
import { checkReadOnlySql } from '../../../sql/read-only-guard.js';
import { type AgentState, type SourceSession, toJsonRows } from '../agent-state.js';
import { boundToolResult } from '../conversation.js';
import type { AnalystOptions } from '../interfaces.js';
import type { ToolInput, ToolName } from './definitions.js';
import { vegaLiteSpec } from './vega-lite.js';

export interface ToolOutcome {
  content: string;
  isError?: boolean;
}

export interface ToolEnvironment {
  state: AgentState;
  options: AnalystOptions;
  signal: AbortSignal;
  logger: Logger;
}

/** Rows shown to the model per result; the artifact keeps up to maxRowsPerQuery. */
const rowsShownToModel = 50;

const fail = (content: string): ToolOutcome => ({ content, isError: true });

function source(env: ToolEnvironment, name: string | undefined): SourceSession {
  const sources = [...env.state.sources.values()];
  const found = name === undefined ? sources[0] : env.state.sources.get(name);
  if (!found) throw new ToolError(`Unknown data source "${name}". Known: ${sources.map((s) => s.name).join(', ')}`);
  return found;
}

class ToolError extends Error {}

/** Runs one query through the allowlist guard (catalog scope) and the adapter's sandbox (the database's own checks). */
async function runReadOnly(env: ToolEnvironment, session: SourceSession, sql: string) {
  const verdict = checkReadOnlySql(sql, session.dialect, { scope: session.scope });
  if (!verdict.ok) throw new ToolError(`Refused: ${verdict.reason}`);
  env.state.usage.queries++;
  const { readOnlyRole, maxCellBytes, maxResultBytes } = env.options;
  try {
    const result = await session.adapter.query(verdict.statement, [], {
      signal: env.signal,
      maxRows: env.options.maxRowsPerQuery,
      timeoutMs: env.options.queryTimeoutMs,
      readOnly: true,
      sandbox: readOnlyRole ? { role: readOnlyRole } : true,
      maxCellBytes,
      maxResultBytes,
    });
    const rows = toJsonRows(result.rows);
    return { ...result, rows };
  } catch (error) {
    if (env.signal.aborted) throw error;
    // The model heals from the database's own message (bad column, syntax error, timeout).
    if (isDatataskError(error)) throw new ToolError(`${error.code}: ${error.message}`);
    throw error;
  }
}

function preview(result: { columns: Array<{ name: string; type: string }>; rows: unknown[]; truncated: boolean }) {
  return {
    columns: result.columns,
    rows: result.rows.slice(0, rowsShownToModel),
    rowCount: result.rows.length,
    truncated: result.truncated,
    ...(result.rows.length > rowsShownToModel ? { note: `only the first ${rowsShownToModel} rows are shown` } : {}),
  };
}

type Handler<N extends ToolName> = (env: ToolEnvironment, input: ToolInput<N>) => Promise<ToolOutcome>;

const handlers: { [N in ToolName]: Handler<N> } = {
  async search_catalog(env, input) {
    const parts: string[] = [];
    for (const session of env.state.sources.values()) {
      const hits = session.index.search(input.query, { limit: input.limit ?? env.options.searchLimit });
      if (hits.length === 0) continue;
      const tables = hits.map((hit) => ({ database: hit.database, schema: hit.schema, table: hit.table }));
      const rendered = renderCatalog(session.catalog, {
        format: 'markdown',
        tables,
        maxTokens: env.options.catalogTokens,
        dropOrder: 'listed',
      });
      parts.push(`## Data source ${session.name} (${session.adapter.type})\n${rendered.text}`);
    }
    if (parts.length === 0) return { content: `No table matches "${input.query}".` };
    const hint = 'ask for fewer tables (limit) or more specific words';
    return { content: boundToolResult(parts.join('\n\n'), env.options.toolResultTokens, hint) };
  },

  async describe_table(env, input) {
    const session = source(env, input.dataSource);
    for (const database of session.catalog.databases) {
      const schema = database.schemas.find((s) => s.name.toLowerCase() === input.schema.toLowerCase());
      const table = schema?.tables.find((t) => t.name.toLowerCase() === input.table.toLowerCase());
      if (schema && table) {
        const hint = 'the table is too wide to show whole: query information_schema or select the columns you need';
        const text = JSON.stringify({ database: database.name, schema: schema.name, ...table });
        return { content: boundToolResult(text, env.options.toolResultTokens, hint) };
      }
    }
    return fail(
      `No table ${input.schema}.${input.table} in data source ${session.name}. Use search_catalog to find tables.`,
    );
  },

  async run_sql(env, input) {
    const session = source(env, input.dataSource);
    const result = await runReadOnly(env, session, input.sql);
    const id = env.state.nextId('q');
    env.state.artifacts.push({
      id,
      type: 'query',
      title: input.sql.slice(0, 80),
      content: {
        dataSource: session.name,
        sql: input.sql,
        columns: result.columns,
        rows: result.rows,
        truncated: result.truncated,
      },
    });
    return { content: JSON.stringify({ queryId: id, ...preview(result) }) };
  },

  async create_metric(env, input) {
    const session = source(env, input.dataSource);
    const result = await runReadOnly(env, session, input.sql);
    const id = env.state.nextId('m');
    env.state.artifacts.push({
      id,
      type: 'metric',
      title: input.name,
      content: {
        name: input.name,
        description: input.description,
        dataSource: session.name,
        sql: input.sql,
        columns: result.columns,
        rows: result.rows,
      },
    });
    return { content: JSON.stringify({ metricId: id, ...preview(result) }) };
  },

  async create_chart(env, input) {
    const metric = env.state.artifacts.find((artifact) => artifact.id === input.metricId);
    if (metric?.type !== 'metric') return fail(`No metric with id "${input.metricId}": create_metric first.`);
    const names = metric.content.columns.map((column) => column.name);
    const unknown = [input.x, input.y, input.color].filter(
      (field): field is string => !!field && !names.includes(field),
    );
    if (unknown.length > 0) return fail(`Unknown column(s) ${unknown.join(', ')}; the metric has: ${names.join(', ')}`);
    const id = env.state.nextId('c');
    const spec = vegaLiteSpec(input, metric.content.columns, metric.content.rows ?? []);
    env.state.artifacts.push({ id, type: 'chart', title: input.title, content: { metricId: metric.id, spec } });
    return { content: JSON.stringify({ chartId: id }) };
  },

  async create_dashboard(env, input) {
    const metricIds = new Set(env.state.artifacts.filter((a) => a.type === 'metric').map((a) => a.id));
    const unknown = input.rows.flat().filter((id) => !metricIds.has(id));
    if (unknown.length > 0) return fail(`Unknown metric id(s): ${unknown.join(', ')}`);
    const id = env.state.nextId('d');
    env.state.artifacts.push({ id, type: 'dashboard', title: input.title, content: { rows: input.rows } });
    return { content: JSON.stringify({ dashboardId: id }) };
  },

  async finish(env, input) {
    env.state.answer = input.answer;
    return { content: 'Answer received; it will be reviewed.' };
  },
};

/** Runs a tool; expected failures become `is_error` results the model can heal from. */
export async function runTool<N extends ToolName>(
  env: ToolEnvironment,
  name: N,
  input: ToolInput<N>,
): Promise<ToolOutcome> {
  try {
    return await (handlers[name] as Handler<N>)(env, input);
  } catch (error) {
    if (error instanceof ToolError) return fail(error.message);
    throw error;
  }
}
