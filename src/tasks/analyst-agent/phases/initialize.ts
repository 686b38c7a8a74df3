import type { AdapterFactoryOptions } from '../../../adapters/adapter.js';
import { createAdapter } from '../../../adapters/create-adapter.js';
import { type CredentialResolvers, resolveCredentials } from '../../../adapters/credential-reference.js';
import type { Catalog } from '../../../catalog/model.js';
import { Catalog as CatalogSchema } from '../../../catalog/model.js';
import { createCatalogIndex } from '../../../catalog/search.js';
import type { RunContext } from '../../../core/context.js';
import type { AnyTaskDefinition } from '../../../core/task.js';
import { engineSqlDialect, loadSqlParser } from '../../../sql/read-only-guard.js';
import { introspectDataTask } from '../../introspect-data/introspect-data.js';
import type { AgentState } from '../agent-state.js';
import type { AnalystAgentInput } from '../interfaces.js';

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
      const child = await ctx.triggerAndWait(introspectTask as typeof introspectDataTask, { dataSource });
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
    });
    const connection = await adapter.testConnection({ signal: ctx.signal });
    ctx.logger.info('data source ready', { dataSource: dataSource.name, serverVersion: connection.serverVersion });
  }
}
