/** The Snowflake adapter: one lazily opened connection per adapter, destroyed on close. */
import { createRedactor } from '../../core/redact.js';
import type { Adapter, AdapterFactoryOptions } from '../adapter.js';
import { scopeToCredentialsDatabase } from '../credential-scope.js';
import { credentialSecrets } from '../credentials.js';
import { defineAdapter } from '../kernel/define-adapter.js';
import { capResultBytes } from '../result-caps.js';
import { snowflakeCapabilities } from './capabilities.js';
import {
  type SnowflakeCredentials,
  type SnowflakeDriver,
  type SnowflakeSession,
  snowflakeSessions,
} from './connection.js';
import { introspectSnowflake } from './introspect.js';
import { statementRunner, toStatement } from './statement.js';

/** The Snowflake adapter: one lazily opened connection per adapter, destroyed on close. */
export function createSnowflakeAdapter(
  credentials: SnowflakeCredentials,
  // `driver`, when given, is the snowflake-sdk module (typed loosely so createAdapter can pass its options through).
  options: AdapterFactoryOptions = {},
): Adapter {
  const redactor = createRedactor(credentialSecrets(credentials));
  const { run, sent } = statementRunner(redactor);
  const log = (message: string, fields?: Record<string, unknown>) =>
    options.log?.(redactor.redactText(message), fields && redactor.redact(fields));
  const sessions = snowflakeSessions({
    credentials,
    redactor,
    driver: options.driver as SnowflakeDriver | undefined,
    check: (connection, sql, signal) => run(connection, sql, { signal, phase: 'connect' }),
  });

  return defineAdapter<SnowflakeSession>({
    name: 'Snowflake',
    type: 'snowflake',
    capabilities: snowflakeCapabilities,
    open: async (signal) => {
      const session = await sessions.open(signal);
      log('snowflake connected', { account: credentials.account });
      return session;
    },
    end: sessions.end,
    statementCount: sent,
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
