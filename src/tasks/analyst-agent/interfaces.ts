import { z } from 'zod';
import { Catalog } from '../../catalog/model.js';
import { DataSource, TaskErrorInfo } from '../introspect-data/interfaces.js';

/** The model used when `options.model` is not given: the SDK's current Sonnet model. */
export const defaultModel = 'claude-sonnet-5-5';

/** Strict, as every object of the payload: a misspelt option is an error, not a setting dropped. */
export const AnalystOptions = z.strictObject({
  /** Model turns in the tool loop at most. @default 15 */
  maxSteps: z.number().int().min(1).max(50).default(15),
  /** @default 'claude-sonnet-5-5' */
  model: z.string().min(1).default(defaultModel),
  /** Rows kept per query (the model sees at most 50 of them). @default 500 */
  maxRowsPerQuery: z.number().int().min(1).max(100_000).default(500),
  /** Server-side statement timeout per query. @default 30000 */
  queryTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** Stream model turns (SSE) and publish the draft answer in metadata as it arrives. @default false */
  enableStreaming: z.boolean().default(false),
  /** Tables shown to the model up front after ranking. @default 8 */
  searchLimit: z.number().int().min(1).max(50).default(8),
  /** Token budget of the catalog excerpt in the prompt. @default 4000 */
  catalogTokens: z.number().int().min(200).max(100_000).default(4000),
  /**
   * Refuse to run (UNSAFE_CREDENTIALS) when a data source's credentials can do more than read (superuser, writes,
   * file access, risky extensions), as far as the engine can tell. Otherwise such findings are warnings in the
   * output. @default false
   */
  requireReadOnlyCredentials: z.boolean().default(false),
  /** PostgreSQL: a role the agent's queries switch to (`SET LOCAL ROLE`), e.g. one with SELECT only. */
  readOnlyRole: z.string().min(1).max(63).optional(),
  /** Longest cell value shown per query result; longer ones are cut. @default 65536 */
  maxCellBytes: z.number().int().min(64).max(16_777_216).default(65_536),
  /** Bytes kept per query result; rows past it are dropped (truncated). @default 2097152 */
  maxResultBytes: z.number().int().min(1024).max(268_435_456).default(2_097_152),
  /** Output tokens per model turn (`max_tokens`); a turn cut at this limit is continued. @default 8192 */
  maxTokens: z.number().int().min(256).max(128_000).default(8192),
  /** Continuations of a turn cut at `maxTokens` (or paused by the API) before the run fails. @default 2 */
  maxContinuations: z.number().int().min(0).max(10).default(2),
  /** Retries of one model call on overload, rate limits, 5xx and connection resets, inside the turn. @default 4 */
  modelRetries: z.number().int().min(0).max(20).default(4),
  /** Longest wait before one model retry (retry-after beyond it fails the attempt). @default 60000 */
  maxRetryDelayMs: z.number().int().min(0).max(600_000).default(60_000),
  /** Token budget of the conversation; older tool results are trimmed beyond it. @default 60000 */
  historyTokens: z.number().int().min(2000).max(1_000_000).default(60_000),
  /** Token budget of one search_catalog or describe_table result. @default 6000 */
  toolResultTokens: z.number().int().min(200).max(100_000).default(6000),
});
export type AnalystOptions = z.infer<typeof AnalystOptions>;

export const AnalystAgentInput = z.strictObject({
  sessionId: z.uuid(),
  query: z.string().trim().min(1, 'query must not be empty').max(10_000),
  dataSources: z.array(DataSource).min(1, 'give at least one data source'),
  /** A catalog from introspectData (skips introspection): one Catalog for a single source, or one per source name. */
  catalog: z.union([Catalog, z.record(z.string(), Catalog)]).optional(),
  options: AnalystOptions.default(AnalystOptions.parse({})),
});
export type AnalystAgentInput = z.infer<typeof AnalystAgentInput>;
export type AnalystAgentPayload = z.input<typeof AnalystAgentInput>;

export const QueryColumnInfo = z.object({ name: z.string(), type: z.string() });

export const MetricContent = z.object({
  name: z.string().min(1),
  description: z.string(),
  dataSource: z.string(),
  sql: z.string().min(1),
  columns: z.array(QueryColumnInfo),
  /** The rows the review re-run returned (capped). */
  rows: z.array(z.record(z.string(), z.unknown())).optional(),
});
export const QueryContent = z.object({
  dataSource: z.string(),
  sql: z.string().min(1),
  columns: z.array(QueryColumnInfo),
  rows: z.array(z.record(z.string(), z.unknown())),
  truncated: z.boolean(),
});
export const ChartContent = z.object({
  metricId: z.string(),
  /** A Vega-Lite v5 spec whose data are the metric's rows. */
  spec: z.record(z.string(), z.unknown()),
});
export const DashboardContent = z.object({
  /** Ordered rows of metric ids. */
  rows: z.array(z.array(z.string()).min(1)).min(1),
});

export const Artifact = z.discriminatedUnion('type', [
  z.object({ id: z.string(), type: z.literal('metric'), title: z.string(), content: MetricContent }),
  z.object({ id: z.string(), type: z.literal('query'), title: z.string(), content: QueryContent }),
  z.object({ id: z.string(), type: z.literal('chart'), title: z.string(), content: ChartContent }),
  z.object({ id: z.string(), type: z.literal('dashboard'), title: z.string(), content: DashboardContent }),
]);
export type Artifact = z.infer<typeof Artifact>;

export const AgentUsage = z.object({
  /** Uncached input tokens (the API's input_tokens). */
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  /** Input tokens read from the prompt cache. */
  cacheReadInputTokens: z.number().int().nonnegative().default(0),
  /** Input tokens written to the prompt cache. */
  cacheCreationInputTokens: z.number().int().nonnegative().default(0),
  /** Model calls retried after overload, rate limits or connection errors. */
  modelRetries: z.number().int().nonnegative().default(0),
  steps: z.number().int().nonnegative(),
  queries: z.number().int().nonnegative(),
});
export type AgentUsage = z.infer<typeof AgentUsage>;

export const SecurityWarning = z.object({
  dataSource: z.string(),
  /** PrivilegeFinding code (SUPERUSER, WRITE, FILE_ACCESS, RISKY_EXTENSIONS ...) or NOT_CHECKED. */
  code: z.string(),
  message: z.string(),
});
export type SecurityWarning = z.infer<typeof SecurityWarning>;
/** Where a number of the answer comes from: a cell the model was shown, a row count, or a literal of a query it ran. */
export const GroundingTrace = z.object({
  /** The number as written in the answer. */
  number: z.string(),
  value: z.number(),
  /** The query or metric artifact. */
  artifactId: z.string(),
  sql: z.string(),
  /** 0-based row of the result shown to the model (absent for a literal of the SQL). */
  row: z.number().int().nonnegative().optional(),
  column: z.string().optional(),
  /** A cell shown to the model, the row count of a complete result, or a literal of the query's SQL. */
  source: z.enum(['cell', 'rowCount', 'sql']),
});
export type GroundingTrace = z.infer<typeof GroundingTrace>;

export const AnalystAgentOutput = z.object({
  success: z.boolean(),
  sessionId: z.string(),
  result: z
    .object({
      response: z.string(),
      plan: z.string().optional(),
      artifacts: z.array(Artifact),
      usage: AgentUsage,
      /** Each number of the response traced to its source. */
      grounding: z.array(GroundingTrace).default([]),
    })
    .optional(),
  error: TaskErrorInfo.optional(),
  /** What the credentials of each source can do beyond reading (least privilege), when checked. */
  securityWarnings: z.array(SecurityWarning).default([]),
});
export type AnalystAgentOutput = z.infer<typeof AnalystAgentOutput>;

export const AnalystPhase = z.enum([
  'initializing',
  'searching',
  'planning',
  'analyzing',
  'reviewing',
  'completed',
  'failed',
]);
export type AnalystPhase = z.infer<typeof AnalystPhase>;
