import type { Catalog } from '../../catalog/model.js';
import { createRedactor } from '../../core/redact.js';
import type {
  Adapter,
  AdapterCapabilities,
  AdapterFactoryOptions,
  CallOptions,
  ConnectionTestResult,
  IntrospectOptions,
  PrivilegeReport,
  QueryOptions,
  QueryParams,
  QueryResult,
} from '../adapter.js';
import { type CredentialsOf, credentialSecrets } from '../credentials.js';
import { loadDriver } from '../load-driver.js';
import type { PgDriver } from '../shared/pg-capped-query.js';
import { pgClientConfig } from '../shared/pg-config.js';
import { checkPgPrivileges } from '../shared/pg-privileges.js';
import { runPgQuery } from '../shared/pg-query.js';
import { PgConnectionPool } from '../shared/pg-session.js';
import { introspectPostgres } from './introspect.js';

export const postgresCapabilities: AdapterCapabilities = {
  multipleDatabases: false,
  schemas: true,
  materializedViews: true,
  foreignKeys: true,
  enforcedConstraints: true,
  indexes: true,
  partitions: true,
  comments: true,
  readOnlyTransactions: true,
  serverSideTimeout: true,
  cancelQuery: true,
  columnStatistics: true,
  parameterStyle: 'positional',
  sqlDialect: 'postgresql',
};

/** What PostgreSQL and Redshift adapters share: the driver, the pool, statement counting, the query path. */
export abstract class PgWireAdapter implements Adapter {
  abstract readonly type: 'postgres' | 'redshift';
  abstract readonly capabilities: AdapterCapabilities;
  protected abstract readonly engineName: string;
  private statements = 0;
  private poolPromise: Promise<PgConnectionPool> | undefined;
  private closed = false;
  protected readonly redactor;

  constructor(
    protected readonly credentials: CredentialsOf<'postgres'> | CredentialsOf<'redshift'>,
    protected readonly options: AdapterFactoryOptions,
    private readonly defaultPort: number,
  ) {
    this.redactor = createRedactor(credentialSecrets(credentials));
  }

  get queryCount(): number {
    return this.statements;
  }

  /** The pool, created on first use (the driver is imported lazily then). @internal: pg's types stay out of the d.ts */
  protected pool(): Promise<PgConnectionPool> {
    this.poolPromise ??= loadDriver<PgDriver>('pg', this.options.driver as PgDriver | undefined).then(
      (driver) =>
        new PgConnectionPool({
          engine: this.engineName,
          driver,
          config: pgClientConfig(this.credentials, this.defaultPort),
          redactor: this.redactor,
          onStatement: () => {
            this.statements++;
          },
          log: this.options.log
            ? (message, fields) => this.options.log?.(this.redactor.redactText(message), this.redactor.redact(fields))
            : undefined,
        }),
    );
    return this.poolPromise;
  }

  /** Reads the version string reported to testConnection. */
  protected abstract versionOf(row: Record<string, unknown>): string;

  async testConnection(options: CallOptions = {}): Promise<ConnectionTestResult> {
    const started = performance.now();
    const pool = await this.pool();
    return pool.withSession('connection test', options.signal, async (session) => {
      const { rows } = await session.run('SELECT version() AS version', undefined, options);
      return { ok: true, latencyMs: Math.round(performance.now() - started), serverVersion: this.versionOf(rows[0]!) };
    });
  }

  async query(sql: string, params?: QueryParams, options: QueryOptions = {}): Promise<QueryResult> {
    return runPgQuery(await this.pool(), this.engineName, sql, params, options);
  }

  abstract introspect(options?: IntrospectOptions): Promise<Catalog>;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pool = this.poolPromise;
    this.poolPromise = undefined;
    if (pool) await (await pool.catch(() => undefined))?.end();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

export class PostgresAdapter extends PgWireAdapter {
  readonly type = 'postgres' as const;
  readonly capabilities = postgresCapabilities;
  protected readonly engineName = 'PostgreSQL';

  protected versionOf(row: Record<string, unknown>): string {
    // "PostgreSQL 15.20 (Debian ...) on x86_64..." -> "15.20"
    const text = String(row.version ?? '');
    return /^PostgreSQL (\S+)/.exec(text)?.[1] ?? text;
  }

  async introspect(options: IntrospectOptions = {}): Promise<Catalog> {
    return introspectPostgres(await this.pool(), options);
  }

  async checkPrivileges(options: CallOptions = {}): Promise<PrivilegeReport> {
    return checkPgPrivileges(await this.pool(), options);
  }
}
