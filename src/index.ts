// datatasks: engine-agnostic background tasks for AI data analysis.

export type {
  Adapter,
  AdapterCapabilities,
  AdapterFactoryOptions,
  CallOptions,
  ConnectionTestResult,
  IntrospectOptions as AdapterIntrospectOptions,
  IntrospectProgress,
  QueryColumn,
  QueryOptions,
  QueryParams,
  QueryResult,
} from './adapters/adapter.js';
export { type CheckConnectionOptions, type ConnectionCheck, checkConnection } from './adapters/check-connection.js';
export { parseConnectionUrl } from './adapters/connection-url.js';
export { createAdapter } from './adapters/create-adapter.js';
export {
  CredentialResolutionError,
  type CredentialResolver,
  type CredentialResolvers,
  CredentialsOrReference,
  type CredentialsOrReferenceInput,
  CredentialsReference,
  isCredentialsReference,
  type ParsedReference,
  type ResolveCredentialsOptions,
  resolveCredentials,
} from './adapters/credential-reference.js';
export {
  Credentials,
  type CredentialsInput,
  type CredentialsOf,
  credentialSecrets,
  parseCredentials,
  redactCredentials,
  SslOptions,
} from './adapters/credentials.js';
export {
  Catalog,
  CatalogWarning,
  Column,
  ColumnStats,
  catalogCounts,
  catalogJsonSchema,
  Database,
  DatabaseEngine,
  FieldValues,
  ForeignKey,
  Index,
  Partitioning,
  PrimaryKey,
  Schema,
  Table,
  TableKind,
  TypeFamily,
  UniqueConstraint,
} from './catalog/model.js';
export { type RenderCatalogOptions, type RenderedCatalog, renderCatalog } from './catalog/render.js';
export { type CatalogIndex, type CatalogSearchHit, createCatalogIndex, searchCatalog } from './catalog/search.js';
export { typeFamily } from './catalog/type-family.js';
export type {
  BatchItem,
  ChildTasks,
  LogFields,
  Logger,
  LogLevel,
  LogRecord,
  MetadataValue,
  RunContext,
  RunHandle,
  RunMetadata,
  TriggerOptions,
  WaitApi,
  WaitToken,
} from './core/context.js';
export {
  AbortError,
  DatataskError,
  ErrorCode,
  isDatataskError,
  isRetriable,
  NonRetriableError,
  TimeoutError,
  toDatataskError,
  ValidationError,
  type ValidationIssue,
} from './core/errors.js';
export { findInlineSecrets } from './core/inline-secrets.js';
export { createRedactor, isSecretReference, REDACTED, type Redactor } from './core/redact.js';
export { errorResult, okResult, type Result } from './core/result.js';
export { defaultRetryPolicy, nextRetryDelay, RetryPolicy, type RetryPolicyInput } from './core/retry-policy.js';
export { type ScheduleOptions, schedules } from './core/schedules.js';
export {
  type AnyTaskDefinition,
  type CatchErrorDecision,
  type CompleteOutcome,
  defineTask,
  type HookParams,
  type MachinePreset,
  type QueueOptions,
  type TaskDefinition,
  type TaskOptions,
  type TaskOutput,
  type TaskParsedPayload,
  type TaskPayload,
} from './core/task.js';
export { type DemoDatabaseOptions, ensureDemoDatabase } from './demo/demo-database.js';
// The task run in-process in one call: composes the task and the in-process runner (tasks never import a runner).
export { type IntrospectionProgress, type RunIntrospectionOptions, runIntrospection } from './run-introspection.js';
export {
  createInProcessRunner,
  type InProcessRunner,
  type InProcessRunnerOptions,
} from './runners/in-process/index.js';
export type { Runner, RunnerEvents } from './runners/runner.js';
export {
  assertReadOnlySql,
  checkReadOnlySql,
  engineSqlDialect,
  loadSqlParser,
  type ReadOnlyCheck,
  type ReadOnlyCheckOptions,
} from './sql/read-only-guard.js';
export { type SqlScope, sqlScopeFromCatalog } from './sql/sql-scope.js';
export * from './tasks/analyst-agent/index.js';
export * from './tasks/introspect-data/index.js';
