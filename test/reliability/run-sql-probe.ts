/**
 * Runs SQL through the analyst agent's own run_sql tool (the read-only guard, then adapter.query with readOnly, the
 * statement timeout and the row cap), and sorts each outcome: refused by the parser, refused by the database, or ran.
 */
import type { Adapter } from '../../src/adapters/adapter.js';
import type { Catalog } from '../../src/catalog/model.js';
import type { CatalogIndex } from '../../src/catalog/search.js';
import type { Logger } from '../../src/core/context.js';
import type { SqlDialect } from '../../src/sql/dialects.js';
import { sqlScopeFromCatalog } from '../../src/sql/sql-scope.js';
import { createAgentState } from '../../src/tasks/analyst-agent/agent-state.js';
import { AnalystOptions } from '../../src/tasks/analyst-agent/interfaces.js';
import { runTool } from '../../src/tasks/analyst-agent/tools/handlers.js';
import type { HostileCase } from '../fixtures/hostile-sql.js';
import { hostileClasses } from '../fixtures/hostile-sql-classes.js';

/**
 * The per-class hostile corpus of one dialect, in the shape of the older corpus. Resource exhaustion is left out: it
 * is for the statement timeout and byte caps to bound, and may run to completion on the tests' tiny tables.
 */
export function classCases(dialect: SqlDialect): HostileCase[] {
  return hostileClasses
    .filter((c) => c.dialect === dialect && c.cls !== 'resource-exhaustion')
    .map((c) => ({ sql: c.sql, dialect: c.dialect, category: c.cls }));
}

/**
 * Runs the resource-exhaustion cases of one dialect through run_sql: each must be stopped (guard, statement timeout)
 * or finish with a bounded tool result. Returns the ones that were not bounded.
 */
export async function unboundedExhaustion(adapter: Adapter, dialect: SqlDialect): Promise<string[]> {
  const run = await runSqlTool(adapter, dialect, newTally());
  const unbounded: string[] = [];
  for (const c of hostileClasses.filter((c) => c.dialect === dialect && c.cls === 'resource-exhaustion')) {
    const verdict = await run(c.sql);
    if (verdict.kind === 'ran' && verdict.bytes > 3 * 1024 * 1024) unbounded.push(`${c.sql}: ${verdict.bytes} bytes`);
  }
  return unbounded;
}

export type SqlVerdict =
  | { kind: 'parser'; message: string }
  | { kind: 'database'; message: string }
  | { kind: 'ran'; bytes: number };

export interface SqlCounts {
  tried: number;
  refusedByParser: number;
  refusedByDatabase: number;
  ran: number;
}

/** Counts over all statements, and per class (or older-corpus category) for the suite's figures. */
export interface SqlTally extends SqlCounts {
  byClass: Record<string, SqlCounts>;
}

const zero = (): SqlCounts => ({ tried: 0, refusedByParser: 0, refusedByDatabase: 0, ran: 0 });
export const newTally = (): SqlTally => ({ ...zero(), byClass: {} });

function count(tally: SqlTally, label: string, outcome: Exclude<keyof SqlCounts, 'tried'>): void {
  tally.byClass[label] ??= zero();
  const perClass = tally.byClass[label];
  for (const counts of [tally, perClass]) {
    counts.tried++;
    counts[outcome]++;
  }
}

const silent: Logger = { debug() {}, log() {}, info() {}, warn() {}, error() {} };

/**
 * A run_sql tool bound to one adapter, as the agent builds it per data source: its scope is the catalog the adapter
 * itself introspects (what the agent would have), unless one is given.
 */
export async function runSqlTool(adapter: Adapter, dialect: string, tally: SqlTally, given?: Catalog) {
  const state = createAgentState();
  const catalog = given ?? (await adapter.introspect());
  state.sources.set('scratch', {
    name: 'scratch',
    adapter,
    dialect,
    catalog,
    index: {} as CatalogIndex,
    scope: sqlScopeFromCatalog(catalog),
  });
  const options = AnalystOptions.parse({ queryTimeoutMs: 1000, maxRowsPerQuery: 100 });
  return async (sql: string, label = 'unlabelled'): Promise<SqlVerdict> => {
    const before = state.usage.queries;
    const outcome = await runTool({ state, options, signal: new AbortController().signal, logger: silent }, 'run_sql', {
      dataSource: 'scratch',
      sql,
    });
    if (!outcome.isError) {
      count(tally, label, 'ran');
      return { kind: 'ran', bytes: Buffer.byteLength(outcome.content) };
    }
    // The tool counts a query only once the guard let it through to the database.
    if (state.usage.queries === before) {
      count(tally, label, 'refusedByParser');
      return { kind: 'parser', message: outcome.content };
    }
    count(tally, label, 'refusedByDatabase');
    return { kind: 'database', message: outcome.content };
  };
}

/** The tally as printed for the suite's figures: the totals, then one line per class. */
export function formatTally(title: string, tally: SqlTally): string {
  const line = (c: SqlCounts) =>
    `tried ${c.tried}, refused by the guard ${c.refusedByParser}, by the database ${c.refusedByDatabase}, ran ${c.ran}`;
  const classes = Object.entries(tally.byClass)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, counts]) => `\n  ${label}: ${line(counts)}`);
  return `[reliability] ${title}: ${line(tally)}${classes.join('')}`;
}
