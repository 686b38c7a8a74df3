import { createRedactor } from '../../core/redact.js';
import type { Adapter, AdapterFactoryOptions } from '../adapter.js';
import { credentialSecrets } from '../credentials.js';
import { defineAdapter } from '../kernel/define-adapter.js';
import { duckDbCapabilities } from './capabilities.js';
import {
  type DuckDbClient,
  type DuckDbCredentials,
  type DuckDbDriver,
  duckDbConnections,
  openDuckDb,
} from './connection.js';
import { introspectDuckDb } from './introspect.js';
import { duckDbPrivileges } from './privileges.js';
import { duckDbStatements } from './statement.js';

export function createDuckDbAdapter(
  credentials: DuckDbCredentials,
  // `driver`, when given, is the @duckdb/node-api module (typed loosely: see DuckDbDriver in connection.ts).
  options: AdapterFactoryOptions = {},
): Adapter {
  const redactor = createRedactor(credentialSecrets(credentials));
  const connections = duckDbConnections(redactor);
  const statements = duckDbStatements(credentials, redactor);

  return defineAdapter<DuckDbClient>({
    name: 'DuckDB',
    type: 'duckdb',
    capabilities: duckDbCapabilities,
    open: () => openDuckDb(credentials, options.driver as DuckDbDriver | undefined, redactor),
    end: async ({ instance }) => instance.closeSync(),
    statementCount: statements.count,
    // Statements stop in the engine at once; close() then waits for them to settle.
    interrupt: connections.interrupt,
    testConnection: (client, signal) => {
      const started = performance.now();
      return connections.with(client, signal, async (connection) => {
        const version = await statements.serverVersion(client.driver, connection, signal, true);
        return { ok: true, latencyMs: performance.now() - started, serverVersion: version };
      });
    },
    query: (client, sql, params, queryOptions) =>
      connections.with(client, queryOptions.signal, (connection) =>
        statements.query(client.driver, connection, sql, params, queryOptions),
      ),
    checkPrivileges: async () => duckDbPrivileges(credentials),
    introspect: (client, introspectOptions) =>
      connections.with(client, introspectOptions.signal, (connection) =>
        introspectDuckDb(
          {
            select: async (conn, catalogQuery, signal) =>
              (
                await statements.run(client.driver, conn, catalogQuery.sql, catalogQuery.params, {
                  ...(signal ? { signal } : {}),
                })
              ).rows,
            serverVersion: (conn, signal) =>
              statements.serverVersion(client.driver, conn, signal ?? introspectOptions.signal),
          },
          connection,
          introspectOptions,
        ),
      ),
  });
}
