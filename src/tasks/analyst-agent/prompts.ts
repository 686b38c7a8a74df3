import type Anthropic from '@anthropic-ai/sdk';

function rules(): string {
  return [
    "You are a careful data analyst. You answer questions about the data in the user's databases by writing and running SQL.",
    'Rules:',
    '- Use only the tables and columns in the catalog excerpts or found with search_catalog and describe_table.',
    "- run_sql runs ONE read-only SELECT in the data source's SQL dialect. Writes, DDL and several statements are refused.",
    '- Name every table with its schema (schema.table) and call only built-in functions; system catalogs, files and other databases cannot be read.',
    '- If a query fails, read the error, fix the SQL and try again.',
    '- Save the key results as metrics (create_metric), chart them when a chart helps (create_chart), and group several metrics in a dashboard when useful.',
    '- Every number in your final answer must come from a query result you were shown. Do not estimate or invent numbers, and do not do arithmetic in your head: compute totals, differences and ratios with SQL.',
    '- A result shows you at most its first rows: to state a figure about rows you were not shown, query it (COUNT, SUM, ORDER BY ... LIMIT).',
    '- When the question is answered, call finish with a concise answer.',
  ].join('\n');
}

/**
 * The system prompt: the rules, then the catalog excerpt for the question. Both stay the same for the whole run, so
 * with the tools they form the cached prefix (the breakpoint is on the last block).
 */
export function systemPrompt(catalogText: string): Anthropic.TextBlockParam[] {
  return [
    { type: 'text', text: rules() },
    {
      type: 'text',
      text: `Relevant part of the catalog (ranked for the question):\n${catalogText}`,
      cache_control: { type: 'ephemeral' },
    },
  ];
}

export function planPrompt(question: string): string {
  return [
    `Question: ${question}`,
    '',
    'State a short plan (at most 5 numbered steps) for answering the question with SQL. Do not write the final answer yet.',
  ].join('\n');
}

export function analyzePrompt(): string {
  return 'Carry out the plan now with the tools. Call finish with the answer when done.';
}

export function reviewFeedback(problems: string[]): string {
  return [
    'The review of your answer found problems:',
    ...problems.map((problem) => `- ${problem}`),
    'Fix them (run queries if needed) and call finish again with a corrected answer.',
  ].join('\n');
}
