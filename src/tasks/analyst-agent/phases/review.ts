import type { RunContext } from '../../../core/context.js';
import { isDatataskError } from '../../../core/errors.js';
import { type AgentState, toJsonRows } from '../agent-state.js';
import { ungroundedNumbers } from '../grounding.js';
import type { AnalystOptions } from '../interfaces.js';

/**
 * Re-runs every metric's and query's SQL (each must still succeed, read-only) and checks that the answer's
 * numbers come from query results. Returns the problems found; none means the answer stands.
 */
export async function review(
  state: AgentState,
  question: string,
  options: AnalystOptions,
  ctx: RunContext,
): Promise<string[]> {
  const problems: string[] = [];
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
      if (artifact.type === 'metric') artifact.content.rows = toJsonRows(result.rows);
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      problems.push(
        `${artifact.id} (${artifact.title}): its SQL failed on re-run: ${isDatataskError(error) ? error.code : 'ERROR'} ${(error as Error).message}`,
      );
    }
  }
  const missing = ungroundedNumbers(state.answer ?? '', state.groundNumbers, question);
  if (missing.length > 0) {
    problems.push(`these numbers in the answer do not appear in any query result: ${missing.join(', ')}`);
  }
  ctx.logger.info('review finished', { artifacts: state.artifacts.length, problems: problems.length });
  return problems;
}
