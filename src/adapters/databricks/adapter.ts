import type { Catalog, CatalogWarning } from '../../catalog/model.js';
import { DatataskError, ErrorCode, throwIfAborted } from '../../core/errors.js';
import { createRedactor, type Redactor } from '../../core/redact.js';
import type {
  Adapter,
  AdapterFactoryOptions,
  CallOptions,
  ConnectionTestResult,
  IntrospectOptions,
  QueryOptions,
  QueryParams,
  QueryResult,
} from '../adapter.js';
import { defaultMaxRows, defaultTimeoutMs } from '../adapter.js';
import { credentialSecrets } from '../credentials.js';
import { capResultBytes } from '../result-caps.js';
import { assembleDatabases } from './assemble.js';
import { databricksCapabilities } from './capabilities.js';
import { DatabricksConnection, type DatabricksCredentials } from './connection.js';
import type { DatabricksDriver, DatabricksOperation, DatabricksSession } from './driver-types.js';
import { mapDatabricksError } from './errors.js';
import { readRawCatalog } from './introspect.js';
import { runOperation } from './operation.js';
import { bindParameters } from './parameters.js';
import { versionQuery } from './queries.js';

const pageSize = 10_000;
/** Catalog statements may wait for a warehouse to start. */
const catalogStatementTimeoutMs = 10 * 60_000;
const catalogPageSize = 100_000;

export class DatabricksAdapter implements Adapter {
  readonly type = 'databricks' as const;
  readonly capabilities = databricksCapabilities;
  private statements = 0;
  private closed = false;
  private readonly redactor: Redactor;
  private readonly connection: DatabricksConnection;
  private readonly log: (message: string, fields?: Record<string, unknown>) => void;

  constructor(
    private readonly credentials: DatabricksCredentials,
    options: AdapterFactoryOptions<DatabricksDriver> = {},
  ) {
    this.redactor = createRedactor(credentialSecrets(credentials));
    const sink = options.log;
    this.log = (message, fields) => sink?.(this.redactor.redactText(message), fields && this.redactor.redact(fields));
    this.connection = new DatabricksConnection({
      credentials,
      driver: options.driver,
      redactor: this.redactor,
      log: this.log,
    });
  }

  get queryCount(): number {
    return this.statements;
  }

  private session<T>(signal: AbortSignal | undefined, body: (session: DatabricksSession) => Promise<T>): Promise<T> {
    if (this.closed) throw new DatataskError(ErrorCode.CONNECTION_FAILED, 'The Databricks adapter is closed');
    return this.connection.withSession(signal, async (session) => {
      try {
        return await body(session);
      } catch (error) {
        throw mapDatabricksError(error, 'query', this.redactor);
      }
    });
  }

  private counted(start: () => Promise<DatabricksOperation>): () => Promise<DatabricksOperation> {
    return () => {
      this.statements++;
      return start();
    };
  }

  private cleanupError = (error: unknown) =>
    this.log('Cancelling or closing a Databricks operation failed', {
      error: String((error as Error)?.message ?? error),
    });

  async testConnection(options: CallOptions = {}): Promise<ConnectionTestResult> {
    const started = performance.now();
    return this.session(options.signal, async (session) => {
      const result = await runOperation(
        this.counted(() => session.executeStatement(versionQuery, { maxRows: 1 })),
        {
          maxRows: 1,
          pageSize: 1,
          timeoutMs: defaultTimeoutMs,
          signal: options.signal,
          what: 'the connection test',
          onCleanupError: this.cleanupError,
        },
      );
      const version = result.rows[0]?.version;
      return {
        ok: true,
        latencyMs: Math.round(performance.now() - started),
        serverVersion: String(version ?? 'unknown'),
      };
    });
  }

  async query(sql: string, params?: QueryParams, options: QueryOptions = {}): Promise<QueryResult> {
    if (options.dryRun) throw new DatataskError(ErrorCode.NOT_SUPPORTED, 'Databricks has no dry run');
    const maxRows = options.maxRows ?? defaultMaxRows;
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const page = Math.max(1, Math.min(pageSize, maxRows + 1));
    const result = await this.session(options.signal, (session) =>
      runOperation(
        this.counted(() =>
          session.executeStatement(sql, {
            ...bindParameters(params),
            maxRows: page,
            queryTimeout: Math.max(1, Math.ceil(timeoutMs / 1000)),
          }),
        ),
        {
          maxRows,
          pageSize: page,
          timeoutMs,
          signal: options.signal,
          what: 'the statement',
          onCleanupError: this.cleanupError,
        },
      ),
    );
    return capResultBytes(result, options);
  }

  async introspect(options: IntrospectOptions = {}): Promise<Catalog> {
    const { signal } = options;
    const catalog = this.credentials.catalog;
    const warnings: CatalogWarning[] = [];
    const read = (start: () => Promise<DatabricksOperation>, what: string) =>
      runOperation(this.counted(start), {
        maxRows: Number.MAX_SAFE_INTEGER - 1,
        pageSize: catalogPageSize,
        timeoutMs: catalogStatementTimeoutMs,
        signal,
        what,
        onCleanupError: this.cleanupError,
      }).then((result) => result.rows);
    const raw = await this.session(signal, (session) =>
      readRawCatalog({ session, read, catalog, redactor: this.redactor, pageSize: catalogPageSize }, options, warnings),
    );
    // Reading may have finished just as the caller gave up: honour the abort.
    throwIfAborted(signal);
    return {
      formatVersion: 1,
      engine: 'databricks',
      introspectedAt: new Date().toISOString(),
      databases: assembleDatabases(raw, options, catalog),
      warnings,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connection.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
