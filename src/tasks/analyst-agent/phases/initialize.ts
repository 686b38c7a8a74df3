import type { Adapter, AdapterFactoryOptions } from '../../../adapters/adapter.js';
import { createAdapter } from '../../../adapters/create-adapter.js';
import { type CredentialResolvers, resolveCredentials } from '../../../adapters/credential-reference.js';
import type { Catalog } from '../../../catalog/model.js';
import { Catalog as CatalogSchema } from '../../../catalog/model.js';
import { createCatalogIndex } from '../../../catalog/search.js';
import type { RunContext } from '../../../core/context.js';
import { DatataskError, ErrorCode } from '../../../core/errors.js';
import type { AnyTaskDefinition } from '../../../core/task.js';
import { engineSqlDialect, loadSqlParser } from '../../../sql/read-only-guard.js';
import { sqlScopeFromCatalog } from '../../../sql/sql-scope.js';
import { introspectDataTask } from '../../introspect-data/introspect-data.js';
import type { AgentState } from '../agent-state.js';
import type { AnalystAgentInput, AnalystOptions } from '../interfaces.js';

function givenCatalog(input: AnalystAgentInput, name: string): Catalog | undefined {
  if (!input.catalog) return undefined;
  const parsed = CatalogSchema.safeParse(input.catalog);
  if (parsed.success) return input.dataSources.length === 1 ? parsed.data : undefined;
  return (input.catalog as Record<string, Catalog>)[name];
}

export interface SourceDependencies {
  adapterOptions?: AdapterFactoryOptions;
  credentialResolvers?: CredentialResolvers;
  /** The introspect-data definition child runs use. @default introspectDataTask */
  introspectTask?: AnyTaskDefinition;
}

/**
 * Connects every data source and loads its catalog: the given one, or introspected by a child task. A credentials
 * reference is resolved here, in the worker; the child run gets the reference, never the resolved secret.
 */
export async function initialize(
  input: AnalystAgentInput,
  state: AgentState,
  ctx: RunContext,
  { adapterOptions, credentialResolvers, introspectTask = introspectDataTask }: SourceDependencies = {},
): Promise<void> {
  // The read-only guard's parser is WebAssembly, loaded once before the first check.
  await loadSqlParser();
  for (const dataSource of input.dataSources) {
    let catalog = givenCatalog(input, dataSource.name);
    if (!catalog) {
      ctx.logger.info('introspecting data source through the introspect-data task', { dataSource: dataSource.name });
      // Field values let the search find a table by a value the question names ("flights operated by KLM").
      const payload = { dataSource, options: { fieldValues: true } };
      // Keyed by run: a retried attempt gets the catalog the first attempt read instead of introspecting again.
      const key = `${ctx.runId}:introspect:${dataSource.name}`;
      let child = await ctx.triggerAndWait(introspectTask as typeof introspectDataTask, payload, {
        idempotencyKey: key,
        idempotencyKeyTTL: 3600,
      });
      if (!child.ok && ctx.attempt > 1) {
        child = await ctx.triggerAndWait(introspectTask as typeof introspectDataTask, payload, {
          idempotencyKey: `${key}:${ctx.attempt}`,
        });
      }
      const output = child.unwrap();
      if (!output.catalog) throw new Error(`introspect-data returned no catalog for ${dataSource.name}`);
      catalog = output.catalog;
    }
    const credentials = await resolveCredentials(dataSource.credentials, {
      ...(credentialResolvers ? { resolvers: credentialResolvers } : {}),
      signal: ctx.signal,
      addSecrets: (...values) => ctx.redact.addSecrets(...values),
    });
    const adapter = await createAdapter(credentials, {
      ...adapterOptions,
      log: (message, fields) => ctx.logger.debug(message, fields),
    });
    // Registered before the connection test, so a failing test still closes the adapter.
    state.sources.set(dataSource.name, {
      name: dataSource.name,
      adapter,
      catalog,
      index: createCatalogIndex(catalog),
      dialect: engineSqlDialect(adapter.type),
      scope: sqlScopeFromCatalog(catalog),
    });
    const connection = await adapter.testConnection({ signal: ctx.signal });
    ctx.logger.info('data source ready', { dataSource: dataSource.name, serverVersion: connection.serverVersion });
    await checkLeastPrivilege(dataSource.name, adapter, state, input.options, ctx);
  }
}

/**
 * Reports what each source's credentials can do beyond reading; with `requireReadOnlyCredentials` such credentials
 * stop the run before the model writes any SQL (an engine where this cannot be checked only warns).
 */
async function checkLeastPrivilege(
  dataSource: string,
  adapter: Adapter,
  state: AgentState,
  options: AnalystOptions,
  ctx: RunContext,
): Promise<void> {
  const report = adapter.checkPrivileges ? await adapter.checkPrivileges({ signal: ctx.signal }) : undefined;
  const findings = report
    ? report.findings
    : [
        {
          code: 'NOT_CHECKED',
          message: `least privilege cannot be checked on ${adapter.type}: use read-only credentials`,
        },
      ];
  for (const finding of findings) {
    state.securityWarnings.push({ dataSource, ...finding });
    ctx.logger.warn(`data source ${dataSource}: ${finding.message}`, { dataSource, code: finding.code });
  }
  if (options.requireReadOnlyCredentials && report && !report.readOnly) {
    throw new DatataskError(
      ErrorCode.UNSAFE_CREDENTIALS,
      `The credentials of data source ${dataSource} can do more than read (${findings.map((f) => f.code).join(', ')}); requireReadOnlyCredentials is set: use a read-only role (see the README, "Running model-written SQL safely")`,
    );
  }
}
