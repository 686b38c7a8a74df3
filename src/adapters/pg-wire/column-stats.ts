import type { ColumnRow, ColumnStatsRow, RelationRow } from '../kernel/assemble-catalog.js';
import { quoteIdent, type SampleSettings, statsFromSample } from '../kernel/sample-stats.js';
import type { PgSession } from './connection.js';

/**
 * Column figures for tables without engine statistics, from `SELECT * ... LIMIT sampleRows` (one bounded statement
 * per table, run one after another on the session), for at most `sampleTables` tables: the rest go to `onOmitted`.
 * A table that cannot be read goes to `onError`; an abort stops.
 */
export async function sampleRelations(
  session: PgSession,
  relations: RelationRow[],
  columns: Array<Pick<ColumnRow, 'schema' | 'table' | 'name'>>,
  settings: SampleSettings,
  options: {
    signal?: AbortSignal | undefined;
    onError(relation: RelationRow, error: unknown): void;
    onOmitted(relations: RelationRow[]): void;
  },
): Promise<ColumnStatsRow[]> {
  const out: ColumnStatsRow[] = [];
  const sampled = relations.slice(0, settings.sampleTables);
  if (relations.length > sampled.length) options.onOmitted(relations.slice(sampled.length));
  const wanted = new Set(sampled.map((r) => `${r.schema}\u0000${r.table}`));
  const byTable = new Map<string, string[]>();
  for (const column of columns) {
    const key = `${column.schema}\u0000${column.table}`;
    if (!wanted.has(key)) continue;
    const names = byTable.get(key);
    if (names) names.push(column.name);
    else byTable.set(key, [column.name]);
  }
  for (const relation of sampled) {
    const { database, schema, table } = relation;
    let rows: Record<string, unknown>[];
    try {
      const sql = `SELECT * FROM ${quoteIdent(schema)}.${quoteIdent(table)} LIMIT ${Math.max(1, settings.sampleRows)}`;
      rows = (await session.run(sql, undefined, { signal: options.signal })).rows;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      options.onError(relation, error);
      continue;
    }
    const names = byTable.get(`${schema}\u0000${table}`) ?? [];
    for (const [column, stats] of statsFromSample(rows, names, settings.sampleValues)) {
      out.push({ database, schema, table, column, stats });
    }
  }
  return out;
}
