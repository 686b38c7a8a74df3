/** The Snowflake adapter: one lazily opened connection per adapter, destroyed on close. */
import type { Catalog } from '../../catalog/model.js';
import { DatataskError, ErrorCode, throwIfAborted } from '../../core/errors.js';
import { createRedactor, type Redactor } from '../../core/redact.js';
import type {
  Adapter,
  AdapterCapabilities,
  AdapterFactoryOptions,
  CallOptions,
  ConnectionTestResult,
  IntrospectOptions,
  QueryOptions,
  QueryParams,
  QueryResult,
} from '../adapter.js';
import { scopeToCredentialsDatabase } from '../credential-scope.js';
import { credentialSecrets } from '../credentials.js';
import { loadDriver } from '../load-driver.js';
import { capResultBytes } from '../result-caps.js';
import { toStatement } from './binds.js';
import { destroyConnection, openConnection, type SnowflakeCredentials } from './connect.js';
import type { SnowflakeConnection, SnowflakeDriver } from './driver-types.js';
import { type ExecuteOptions, executeStatement } from './execute.js';
import { introspectSnowflake } from './introspect.js';

export const snowflakeCapabilities: AdapterCapabilities = Object.freeze({
  multipleDatabases: true,
  schemas: true,
  materializedViews: true,
  foreignKeys: true,
  enforcedConstraints: false,
  indexes: false,
  partitions: false,
  comments: true,
  readOnlyTransactions: false,
  serverSideTimeout: true,
  cancelQuery: true,
  columnStatistics: false,
  parameterStyle: 'positional',
  sqlDialect: 'snowflake',
});

/** Catalog statements may take longer than user queries on large accounts. */
const catalogTimeoutMs = 120_000;

interface Session {
  connection: SnowflakeConnection;
  serverVersion: string;
}

/** The driver logs through this instead of writing ./snowflake.log; errors reach us through callbacks anyway. */
const silentDriverLogger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

export class SnowflakeAdapter implements Adapter {
  readonly type = 'snowflake' as const;
  readonly capabilities = snowflakeCapabilities;
  private sent = 0;
  private session: Promise<Session> | undefined;
  private readonly cleanups = new Set<Promise<void>>();
  private readonly redactor: Redactor;
  private closed = false;

  constructor(
    private readonly credentials: SnowflakeCredentials,
    private readonly options: AdapterFactoryOptions<SnowflakeDriver> = {},
  ) {
    this.redactor = createRedactor(credentialSecrets(credentials));
  }

  get queryCount(): number {
    return this.sent;
  }

  private log(message: string, fields?: Record<string, unknown>): void {
    this.options.log?.(this.redactor.redactText(message), fields && this.redactor.redact(fields));
  }

  private async driver(): Promise<SnowflakeDriver> {
    const driver = await loadDriver<SnowflakeDriver>('snowflake-sdk', this.options.driver);
    driver.configure({ logLevel: 'ERROR', customLogger: silentDriverLogger });
    return driver;
  }

  private async open(signal: AbortSignal | undefined): Promise<Session> {
    const driver = await this.driver();
    const connection = await openConnection(driver, this.credentials, this.redactor, signal, (cleanup) => {
      this.cleanups.add(cleanup);
      cleanup.finally(() => this.cleanups.delete(cleanup));
    });
    try {
      // Snowflake accepts a login naming a missing database and leaves the session without one: check it.
      const { rows } = await this.run(connection, 'SELECT CURRENT_VERSION() AS VERSION, CURRENT_DATABASE() AS DB', {
        signal,
        phase: 'connect',
      });
      const row = rows[0] ?? {};
      if (this.credentials.database && (row.DB === null || row.DB === undefined)) {
        throw new DatataskError(
          ErrorCode.DATABASE_NOT_FOUND,
          `Snowflake database ${this.credentials.database} does not exist or the role cannot use it`,
        );
      }
      this.log('snowflake connected', { account: this.credentials.account });
      return { connection, serverVersion: String(row.VERSION ?? '') };
    } catch (error) {
      await destroyConnection(connection);
      throw error;
    }
  }

  /** The adapter's connection, opened on first use; a failed open is forgotten so the next call retries. */
  private async connection(signal: AbortSignal | undefined): Promise<Session> {
    throwIfAborted(signal);
    if (this.closed) throw new DatataskError(ErrorCode.CONNECTION_FAILED, 'The Snowflake adapter is closed');
    if (!this.session) {
      const opening = this.open(signal);
      this.session = opening;
      opening.catch(() => {
        if (this.session === opening) this.session = undefined;
      });
    }
    return this.session;
  }

  private run(
    connection: SnowflakeConnection,
    sqlText: string,
    options: Partial<ExecuteOptions> & Pick<ExecuteOptions, 'phase'>,
  ) {
    this.sent++;
    return executeStatement(connection, {
      sqlText,
      maxRows: Number.MAX_SAFE_INTEGER,
      timeoutMs: catalogTimeoutMs,
      redactor: this.redactor,
      ...options,
    });
  }

  async testConnection(options: CallOptions = {}): Promise<ConnectionTestResult> {
    const started = performance.now();
    const session = await this.connection(options.signal);
    await this.run(session.connection, 'SELECT 1', { signal: options.signal, phase: 'connect' });
    return { ok: true, latencyMs: Math.max(0, performance.now() - started), serverVersion: session.serverVersion };
  }

  async query(sql: string, params?: QueryParams, options: QueryOptions = {}): Promise<QueryResult> {
    throwIfAborted(options.signal);
    const statement = toStatement(sql, params);
    const session = await this.connection(options.signal);
    const result = await this.run(session.connection, statement.sqlText, {
      binds: statement.binds,
      signal: options.signal,
      maxRows: options.maxRows ?? 10_000,
      timeoutMs: options.timeoutMs ?? 30_000,
      describeOnly: options.dryRun === true,
      phase: 'query',
    });
    return capResultBytes(result, options);
  }

  async introspect(options: IntrospectOptions = {}): Promise<Catalog> {
    throwIfAborted(options.signal);
    const session = await this.connection(options.signal);
    const run = async (sql: string) => {
      this.log('snowflake catalog statement', { sql });
      const { rows } = await this.run(session.connection, sql, { signal: options.signal, phase: 'introspect' });
      return rows;
    };
    // The credentials' database is the one read, unless the filters say otherwise.
    const scoped = scopeToCredentialsDatabase(options, this.credentials.database, 'databases');
    return introspectSnowflake(run, scoped, session.serverVersion);
  }

  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    this.session = undefined;
    if (session) {
      const opened = await session.catch(() => undefined);
      if (opened) await destroyConnection(opened.connection);
    }
    await Promise.all([...this.cleanups]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
