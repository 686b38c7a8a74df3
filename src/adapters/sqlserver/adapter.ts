import { loadDriver } from '../../core/load-driver.js';
import { createRedactor } from '../../core/redact.js';
import type { Adapter, AdapterFactoryOptions } from '../adapter.js';
import { credentialSecrets } from '../credentials.js';
import { defineAdapter } from '../kernel/define-adapter.js';
import { capResultBytes } from '../result-caps.js';
import { sqlServerCapabilities } from './capabilities.js';
import { serverInfoSql } from './catalog-queries.js';
import { type MssqlDriver, SqlServerConnections, type SqlServerCredentials } from './connection.js';
import { introspectSqlServer } from './introspect.js';
import { runStatement } from './statement.js';

/** SQL Server adapter over `mssql` (tedious), loaded on first use. Parameters bind as @p1..@pn or @name. */
export function createSqlServerAdapter(
  credentials: SqlServerCredentials,
  options: AdapterFactoryOptions<MssqlDriver> = {},
): Adapter {
  const redactor = createRedactor(credentialSecrets(credentials));
  const log = (message: string, fields?: Record<string, unknown>) =>
    options.log?.(redactor.redactText(message), fields ? redactor.redact(fields) : undefined);
  let connections: SqlServerConnections | undefined;

  return defineAdapter<SqlServerConnections>({
    name: 'SQL Server',
    type: 'sqlserver',
    capabilities: sqlServerCapabilities,
    open: async () => {
      connections = new SqlServerConnections(
        await loadDriver<MssqlDriver>('mssql', options.driver),
        credentials,
        redactor,
        log,
      );
      return connections;
    },
    end: (pool) => pool.close(),
    statementCount: () => connections?.statementCount ?? 0,
    testConnection: async (pool, signal) => {
      const started = performance.now();
      const { rows } = await runStatement(pool, serverInfoSql, undefined, {
        signal,
        timeoutMs: credentials.connectTimeoutMs,
      });
      const version =
        String(rows[0]?.version ?? rows[0]?.product_version ?? '')
          .split('\n')[0]
          ?.trim() ?? '';
      return { ok: true, latencyMs: performance.now() - started, serverVersion: version };
    },
    query: async (pool, sql, params, queryOptions) => {
      const { signal, maxRows, timeoutMs } = queryOptions;
      if (queryOptions.readOnly) log('SQL Server has no read-only transaction: readOnly is not enforced by the engine');
      const result = await runStatement(pool, sql, params, { signal, maxRows, timeoutMs });
      return capResultBytes({ columns: result.columns, rows: result.rows, truncated: result.truncated }, queryOptions);
    },
    introspect: (pool, introspectOptions) => introspectSqlServer(pool, introspectOptions),
  });
}
