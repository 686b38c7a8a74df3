import type { Catalog } from '../../catalog/model.js';
import { loadDriver } from '../../core/load-driver.js';
import { createRedactor } from '../../core/redact.js';
import type { Adapter, AdapterCapabilities, AdapterFactoryOptions, IntrospectOptions } from '../adapter.js';
import { type CredentialsOf, credentialSecrets } from '../credentials.js';
import { defineAdapter } from '../kernel/define-adapter.js';
import { PgConnectionPool, pgClientConfig } from './connection.js';
import { checkPgPrivileges } from './privileges.js';
import type { PgDriver } from './statement.js';
import { runPgQuery } from './statement.js';

/** What differs between the engines that speak the PostgreSQL wire protocol (PostgreSQL, Redshift). */
export interface PgWireEngine {
  name: string;
  type: 'postgres' | 'redshift';
  capabilities: AdapterCapabilities;
  defaultPort: number;
  /** What a dry run puts before the statement: an EXPLAIN that cannot become EXPLAIN ANALYZE. */
  explainPrefix: string;
  /** Reads the version string reported to testConnection from `SELECT version()`. */
  versionOf(text: string): string;
  introspect(pool: PgConnectionPool, options: IntrospectOptions): Promise<Catalog>;
}

/** An adapter over `pg` (imported on first use unless injected): one pool, the shared query path. */
export function createPgWireAdapter(
  spec: PgWireEngine,
  credentials: CredentialsOf<'postgres'> | CredentialsOf<'redshift'>,
  options: AdapterFactoryOptions,
): Adapter {
  const redactor = createRedactor(credentialSecrets(credentials));
  let statements = 0;
  const log = options.log
    ? (message: string, fields?: Record<string, unknown>) =>
        options.log?.(redactor.redactText(message), redactor.redact(fields))
    : undefined;
  return defineAdapter<PgConnectionPool>({
    name: spec.name,
    type: spec.type,
    capabilities: spec.capabilities,
    open: async () =>
      new PgConnectionPool({
        engine: spec.name,
        driver: await loadDriver<PgDriver>('pg', options.driver as PgDriver | undefined),
        config: pgClientConfig(credentials, spec.defaultPort),
        redactor,
        onStatement: () => {
          statements++;
        },
        log,
      }),
    end: (pool) => pool.end(),
    statementCount: () => statements,
    testConnection: (pool, signal) => {
      const started = performance.now();
      return pool.withSession('connection test', signal, async (session) => {
        const { rows } = await session.run('SELECT version() AS version', undefined, { signal });
        const serverVersion = spec.versionOf(String(rows[0]?.version ?? ''));
        return { ok: true, latencyMs: Math.round(performance.now() - started), serverVersion };
      });
    },
    // A plan, never a run: the engine's EXPLAIN prefix keeps the caller's text from adding ANALYZE, and the READ
    // ONLY transaction is a second guard.
    query: (pool, sql, params, queryOptions) =>
      queryOptions.dryRun
        ? runPgQuery(pool, spec.name, `${spec.explainPrefix} ${sql}`, params, { ...queryOptions, readOnly: true })
        : runPgQuery(pool, spec.name, sql, params, queryOptions),
    introspect: (pool, introspectOptions) => spec.introspect(pool, introspectOptions),
    checkPrivileges: (pool, signal) => checkPgPrivileges(pool, { signal }),
  });
}
