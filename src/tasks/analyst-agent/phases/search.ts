import { renderCatalog } from '../../../catalog/render.js';
import type { AgentState } from '../agent-state.js';
import type { AnalystOptions } from '../interfaces.js';

/** Ranks each source's tables for the question and renders the best matches compactly for the prompt. */
export function searchContext(
  state: AgentState,
  question: string,
  options: AnalystOptions,
): { text: string; tables: number } {
  const parts: string[] = [];
  let tables = 0;
  const budget = Math.max(200, Math.floor(options.catalogTokens / state.sources.size));
  for (const session of state.sources.values()) {
    const hits = session.index.search(question, { limit: options.searchLimit });
    tables += hits.length;
    const rendered = renderCatalog(session.catalog, {
      format: 'markdown',
      maxTokens: budget,
      // Search order: over budget, the least relevant tables go first.
      dropOrder: 'listed',
      tables: hits.map((hit) => ({ database: hit.database, schema: hit.schema, table: hit.table })),
    });
    const body =
      hits.length > 0 ? rendered.text : '(no table matched the question; use search_catalog with other words)';
    parts.push(`## Data source "${session.name}" (${session.adapter.type}, SQL dialect ${session.dialect})\n${body}`);
  }
  return { text: parts.join('\n\n'), tables };
}
