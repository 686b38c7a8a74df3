/** The Snowflake adapter: one lazily opened connection per adapter, destroyed on close. */
import { DatataskError, ErrorCode } from '../../core/errors.js';
import { createRedactor } from '../../core/redact.js';
import type { Adapter, AdapterFactoryOptions } from '../adapter.js';
import { scopeToCredentialsDatabase } from '../credential-scope.js';
import { credentialSecrets } from '../credentials.js';
import { defineAdapter } from '../kernel/define-adapter.js';
import { capResultBytes } from '../result-caps.js';
import { snowflakeCapabilities } from './capabilities.js';
import {
  destroyConnection,
  loadSnowflakeDriver,
  openConnection,
  type SnowflakeConnection,
  type SnowflakeCredentials,
  type SnowflakeDriver,
} from './connection.js';
import { introspectSnowflake } from './introspect.js';
import { type ExecuteOptions, executeStatement, toStatement } from './statement.js';

/** Catalog statements may take longer than user queries on large accounts. */
const catalogTimeoutMs = 120_000;

interface Session {
  connection: SnowflakeConnection;
  serverVersion: string;
}

/** The Snowflake adapter: one lazily opened connection per adapter, destroyed on close. */
export function createSnowflakeAdapter(
  credentials: SnowflakeCredentials,
  // `driver`, when given, is the snowflake-sdk module (typed loosely so createAdapter can pass its options through).
  options: AdapterFactoryOptions = {},
): Adapter {
  const redactor = createRedactor(credentialSecrets(credentials));
  const cleanups = new Set<Promise<void>>();
  let sent = 0;
  const log = (message: string, fields?: Record<string, unknown>) =>
    options.log?.(redactor.redactText(message), fields && redactor.redact(fields));

  const run = (
    connection: SnowflakeConnection,
    sqlText: string,
    runOptions: Partial<ExecuteOptions> & Pick<ExecuteOptions, 'phase'>,
  ) => {
    sent++;
    return executeStatement(connection, {
      sqlText,
      maxRows: Number.MAX_SAFE_INTEGER,
      timeoutMs: catalogTimeoutMs,
      redactor,
      ...runOptions,
    });
  };

  const open = async (signal: AbortSignal): Promise<Session> => {
    const driver = await loadSnowflakeDriver(options.driver as SnowflakeDriver | undefined);
    const connection = await openConnection(driver, credentials, redactor, signal, (cleanup) => {
      cleanups.add(cleanup);
      cleanup.finally(() => cleanups.delete(cleanup));
    });
    try {
      // Snowflake accepts a login naming a missing database and leaves the session without one: check it.
      const { rows } = await run(connection, 'SELECT CURRENT_VERSION() AS VERSION, CURRENT_DATABASE() AS DB', {
        signal,
        phase: 'connect',
      });
      const row = rows[0] ?? {};
      if (credentials.database && (row.DB === null || row.DB === undefined)) {
        throw new DatataskError(
          ErrorCode.DATABASE_NOT_FOUND,
          `Snowflake database ${credentials.database} does not exist or the role cannot use it`,
        );
      }
      log('snowflake connected', { account: credentials.account });
      return { connection, serverVersion: String(row.VERSION ?? '') };
    } catch (error) {
      await destroyConnection(connection);
      throw error;
    }
  };

  return defineAdapter<Session>({
    name: 'Snowflake',
    type: 'snowflake',
    capabilities: snowflakeCapabilities,
    open,
    end: async (session) => {
      await destroyConnection(session.connection);
      await Promise.all([...cleanups]);
    },
    statementCount: () => sent,
    testConnection: async (session, signal) => {
      const started = performance.now();
      await run(session.connection, 'SELECT 1', { signal, phase: 'connect' });
      return { ok: true, latencyMs: Math.max(0, performance.now() - started), serverVersion: session.serverVersion };
    },
    query: async (session, sql, params, queryOptions) => {
      const statement = toStatement(sql, params);
      const result = await run(session.connection, statement.sqlText, {
        binds: statement.binds,
        signal: queryOptions.signal,
        maxRows: queryOptions.maxRows,
        timeoutMs: queryOptions.timeoutMs,
        describeOnly: queryOptions.dryRun === true,
        phase: 'query',
      });
      return capResultBytes(result, queryOptions);
    },
    introspect: (session, introspectOptions) => {
      const catalogStatement = async (sql: string) => {
        log('snowflake catalog statement', { sql });
        return (await run(session.connection, sql, { signal: introspectOptions.signal, phase: 'introspect' })).rows;
      };
      // The credentials' database is the one read, unless the filters say otherwise.
      const scoped = scopeToCredentialsDatabase(introspectOptions, credentials.database, 'databases');
      return introspectSnowflake(catalogStatement, scoped, session.serverVersion);
    },
  });
}
