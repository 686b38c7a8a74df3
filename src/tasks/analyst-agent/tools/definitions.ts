import { z } from 'zod';

const dataSource = z.string().optional().describe('Data source name; the first one when omitted');

/** Every tool the model may call: a zod input schema (turned into the tool's JSON schema) and a description. */
export const toolInputs = {
  search_catalog: z.object({
    query: z
      .string()
      .min(1)
      .describe('Words to look for in table, column and comment names and in the values of category-like columns'),
    limit: z.number().int().min(1).max(30).optional().describe('How many tables (default 8)'),
  }),
  describe_table: z.object({
    dataSource,
    schema: z.string().min(1),
    table: z.string().min(1),
  }),
  run_sql: z.object({
    dataSource,
    sql: z.string().min(1).describe('ONE read-only SELECT statement in the data source dialect'),
  }),
  create_metric: z.object({
    dataSource,
    name: z.string().min(1).max(120),
    description: z.string().max(1000).default(''),
    sql: z.string().min(1).describe('The read-only SELECT that computes the metric'),
  }),
  create_chart: z.object({
    metricId: z.string().min(1),
    title: z.string().min(1).max(200),
    mark: z.enum(['bar', 'line', 'area', 'point', 'arc']),
    x: z.string().min(1).describe('Column of the metric on the x axis (or the category for arc)'),
    y: z.string().min(1).describe('Numeric column of the metric'),
    color: z.string().optional().describe('Optional column for colour'),
  }),
  create_dashboard: z.object({
    title: z.string().min(1).max(200),
    rows: z
      .array(z.array(z.string().min(1)).min(1))
      .min(1)
      .describe('Ordered rows of metric ids'),
  }),
  finish: z.object({
    answer: z.string().min(1).describe('The answer for the user; every number in it must come from a query result'),
  }),
} as const;

export type ToolName = keyof typeof toolInputs;
export type ToolInput<N extends ToolName> = z.infer<(typeof toolInputs)[N]>;

const descriptions: Record<ToolName, string> = {
  search_catalog:
    'Rank the catalog tables most relevant to some words, including values such as a status, a product or a carrier name. Returns a compact description of the best matches.',
  describe_table:
    'Full description of one table: columns with types, keys, comments, row estimate and the values of category-like columns.',
  run_sql:
    'Run one read-only SQL query and get its columns and first rows. Writes, DDL and several statements are refused. Results are capped.',
  create_metric:
    'Save a metric: a named read-only query whose result answers part of the question. Returns its id and a preview.',
  create_chart: 'Create a Vega-Lite chart of a metric (by id) with the given mark and columns.',
  create_dashboard: 'Arrange metrics (by id) into an ordered dashboard.',
  finish: 'Give the final answer. Call it once, when the question is answered.',
};

/** The `tools` parameter for the Messages API. */
export function anthropicTools(): Array<{
  name: ToolName;
  description: string;
  input_schema: { type: 'object'; [key: string]: unknown };
}> {
  return (Object.keys(toolInputs) as ToolName[]).map((name) => {
    const { $schema: _ignored, ...schema } = z.toJSONSchema(toolInputs[name], { io: 'input' }) as Record<
      string,
      unknown
    >;
    return { name, description: descriptions[name], input_schema: { ...schema, type: 'object' as const } };
  });
}
