import type { RunContext } from '../../../core/context.js';
import { isDatataskError } from '../../../core/errors.js';
import { type AgentState, toJsonRows } from '../agent-state.js';
import { isQuantitativeQuestion, type ShownResult, traceNumbers } from '../grounding.js';
import type { AnalystOptions } from '../interfaces.js';

/** Values per column of a result, as text, to check shown cells against a re-run. */
function columnValues(rows: Record<string, unknown>[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const row of rows) {
    for (const [column, value] of Object.entries(row)) {
      const values = out.get(column) ?? new Set<string>();
      out.set(column, values);
      values.add(JSON.stringify(value));
    }
  }
  return out;
}

/**
 * A shown result checked against its artifact's re-run: only the cells the re-run still returns (in the same column,
 * at any row, since a query without ORDER BY may return rows in another order) stay grounds.
 */
function regrounded(shown: ShownResult, fresh: Record<string, unknown>[]): ShownResult {
  const values = columnValues(fresh);
  const rows = shown.rows.map((row) =>
    Object.fromEntries(Object.entries(row).filter(([column, value]) => values.get(column)?.has(JSON.stringify(value)))),
  );
  return { ...shown, rows, complete: shown.complete && fresh.length === shown.rows.length };
}

/**
 * Verifies the answer: every metric's and query's SQL is re-run (it must still succeed, read-only), metric rows are
 * replaced by the re-run's and the cells the model was shown are grounded again against it; then each number of the
 * answer is traced to a cell of a result the model was shown (or a row count, or a literal of a query it ran). The
 * traces go to `state.grounding`. Returns the problems found; none means the answer stands.
 */
export async function review(
  state: AgentState,
  question: string,
  options: AnalystOptions,
  ctx: RunContext,
): Promise<string[]> {
  const problems: string[] = [];
  const fresh = new Map<string, Record<string, unknown>[]>();
  for (const artifact of state.artifacts) {
    if (artifact.type !== 'metric' && artifact.type !== 'query') continue;
    const session = state.sources.get(artifact.content.dataSource);
    if (!session) {
      problems.push(`${artifact.id}: unknown data source ${artifact.content.dataSource}`);
      continue;
    }
    try {
      const result = await session.adapter.query(artifact.content.sql, [], {
        signal: ctx.signal,
        maxRows: options.maxRowsPerQuery,
        timeoutMs: options.queryTimeoutMs,
        readOnly: true,
      });
      const rows = toJsonRows(result.rows);
      fresh.set(artifact.id, rows);
      if (artifact.type === 'metric') artifact.content.rows = rows;
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      problems.push(
        `${artifact.id} (${artifact.title}): its SQL failed on re-run: ${isDatataskError(error) ? error.code : 'ERROR'} ${(error as Error).message}`,
      );
    }
  }
  // Results whose artifact did not re-run ground nothing.
  const grounds = state.shown.flatMap((shown) => {
    const rows = fresh.get(shown.artifactId);
    return rows ? [regrounded(shown, rows)] : [];
  });
  const answer = state.answer ?? '';
  const { traces, ungrounded } = traceNumbers(answer, grounds, question);
  state.grounding = traces;
  if (ungrounded.length > 0) {
    problems.push(
      `these numbers in the answer do not come from any query result you were shown (a result shows only its first rows, and a re-run must still return them): ${ungrounded.join(', ')}. Query each figure you state.`,
    );
  } else if (traces.length === 0 && isQuantitativeQuestion(question)) {
    problems.push(
      'the question asks for a figure, but the answer states none that comes from a query result: run the query that computes it and state the number',
    );
  }
  ctx.logger.info('review finished', {
    artifacts: state.artifacts.length,
    grounded: traces.length,
    problems: problems.length,
  });
  return problems;
}
