import type { AdapterFactoryOptions } from '../../../adapters/adapter.js';
import { createAdapter } from '../../../adapters/create-adapter.js';
import type { Catalog } from '../../../catalog/model.js';
import { Catalog as CatalogSchema } from '../../../catalog/model.js';
import { createCatalogIndex } from '../../../catalog/search.js';
import type { RunContext } from '../../../core/context.js';
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

/** Connects every data source and loads its catalog: the given one, or introspected by a child task. */
export async function initialize(
  input: AnalystAgentInput,
  state: AgentState,
  ctx: RunContext,
  adapterOptions: AdapterFactoryOptions | undefined,
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
      let child = await ctx.triggerAndWait(introspectDataTask, payload, {
        idempotencyKey: key,
        idempotencyKeyTTL: 3600,
      });
      if (!child.ok && ctx.attempt > 1) {
        child = await ctx.triggerAndWait(introspectDataTask, payload, { idempotencyKey: `${key}:${ctx.attempt}` });
      }
      const output = child.unwrap();
      if (!output.catalog) throw new Error(`introspect-data returned no catalog for ${dataSource.name}`);
      catalog = output.catalog;
    }
    const adapter = await createAdapter(dataSource.credentials, {
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
