import { loadDriver } from '../../core/load-driver.js';
import type { Redactor } from '../../core/redact.js';
import type { CredentialsOf } from '../credentials.js';
import { mapDatabricksError } from './errors.js';
import { withDeadline } from './statement.js';

export type DatabricksCredentials = CredentialsOf<'databricks'>;

export interface ConnectionDeps {
  credentials: DatabricksCredentials;
  driver?: DatabricksDriver;
  redactor: Redactor;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

/**
 * One driver client per adapter (connecting it sends nothing), and one Thrift session per call, closed in
 * `finally`, so no server session outlives the call that opened it.
 */
export class DatabricksConnection {
  private client: Promise<DatabricksClient> | undefined;
  /** Statements and metadata calls started (the adapter's queryCount). */
  statements = 0;

  constructor(private readonly deps: ConnectionDeps) {}

  /** The catalog the credentials name, if any. */
  get catalog(): string | undefined {
    return this.deps.credentials.catalog;
  }

  get redactor(): Redactor {
    return this.deps.redactor;
  }

  /** Starts one statement or metadata call, counted. */
  start(begin: () => Promise<DatabricksOperation>): Promise<DatabricksOperation> {
    this.statements++;
    return begin();
  }

  /** Cancelling or closing an operation failed: the result stands, the failure is logged. */
  readonly onCleanupError = (error: unknown): void =>
    this.deps.log('Cancelling or closing a Databricks operation failed', {
      error: String((error as Error)?.message ?? error),
    });

  private async getClient(): Promise<DatabricksClient> {
    if (!this.client) {
      this.client = this.createClient();
      // A failed connect is not cached: the next call tries again.
      this.client.catch(() => {
        this.client = undefined;
      });
    }
    return this.client;
  }

  private async createClient(): Promise<DatabricksClient> {
    const { credentials, redactor, log } = this.deps;
    const driver = await loadDriver<DatabricksDriver>('@databricks/sql', this.deps.driver);
    const logger: DatabricksLogger = {
      log: (level, message) => log(redactor.redactText(message), { level, source: '@databricks/sql' }),
    };
    const client = new driver.DBSQLClient({ logger });
    await client.connect({
      host: credentials.host,
      port: credentials.port,
      path: credentials.httpPath,
      token: credentials.token,
      telemetryEnabled: false,
      userAgentEntry: 'datatasks',
      ...(credentials.ca ? { customCaCert: credentials.ca } : {}),
    });
    return client;
  }

  /**
   * Opens a session (bounded by connectTimeoutMs and the signal), runs `body` (its driver errors typed as statement
   * errors), and closes the session.
   */
  async withSession<T>(signal: AbortSignal | undefined, body: (session: DatabricksSession) => Promise<T>): Promise<T> {
    const { credentials, redactor } = this.deps;
    let session: DatabricksSession | undefined;
    const open = async (stopped: () => boolean) => {
      const client = await this.getClient();
      const opened = await client.openSession({
        ...(credentials.catalog ? { initialCatalog: credentials.catalog } : {}),
        ...(credentials.schema ? { initialSchema: credentials.schema } : {}),
      });
      // Opened after the caller gave up: close it rather than leak it.
      if (stopped()) await opened.close().catch(() => {});
      else session = opened;
      return opened;
    };
    try {
      await withDeadline(open, { signal, timeoutMs: credentials.connectTimeoutMs, what: 'opening a session' });
    } catch (error) {
      throw mapDatabricksError(error, 'connect', redactor);
    }
    try {
      return await body(session as DatabricksSession);
    } catch (error) {
      throw mapDatabricksError(error, 'query', redactor);
    } finally {
      await (session as DatabricksSession)
        .close()
        .catch((error: unknown) =>
          this.deps.log('Closing the Databricks session failed', { error: redactor.redactText(String(error)) }),
        );
    }
  }

  async close(): Promise<void> {
    const pending = this.client;
    this.client = undefined;
    if (!pending) return;
    const client = await pending.catch(() => undefined);
    if (!client) return;
    // The driver keeps an https keep-alive agent it never destroys: release its sockets too.
    const provider = await client.getConnectionProvider?.().catch(() => undefined);
    const agent = await provider?.getAgent?.().catch(() => undefined);
    await client.close().catch(() => {});
    agent?.destroy?.();
  }
}

/*
 * The slice of @databricks/sql (2.x) the adapter uses, typed structurally so the package stays an optional peer
 * dependency loaded lazily (and can be injected).
 */

export interface DatabricksLogger {
  log(level: string, message: string): void;
}

export interface DatabricksConnectOptions {
  host: string;
  port: number;
  path: string;
  token: string;
  customCaCert?: string;
  telemetryEnabled: boolean;
  userAgentEntry?: string;
  socketTimeout?: number;
}

export interface DatabricksOpenSessionRequest {
  initialCatalog?: string;
  initialSchema?: string;
}

export interface DatabricksColumnDescriptor {
  columnName: string;
  typeDesc?: { types?: Array<{ primitiveEntry?: { type?: number } | null }> };
}

export interface DatabricksOperation {
  fetchChunk(options?: { maxRows?: number; disableBuffering?: boolean }): Promise<object[]>;
  hasMoreRows(): Promise<boolean>;
  getSchema(): Promise<{ columns: DatabricksColumnDescriptor[] } | null>;
  cancel(): Promise<unknown>;
  close(): Promise<unknown>;
}

export type DatabricksParameterValue = null | boolean | number | bigint | string | Date;

export interface DatabricksExecuteOptions {
  queryTimeout?: number;
  /** Rows returned with the execute reply (direct results); null turns them off. */
  maxRows?: number | null;
  namedParameters?: Record<string, DatabricksParameterValue>;
  ordinalParameters?: DatabricksParameterValue[];
}

export interface DatabricksMetadataRequest {
  catalogName?: string;
  schemaName?: string;
  tableName?: string;
  maxRows?: number | null;
}

export interface DatabricksSession {
  executeStatement(statement: string, options?: DatabricksExecuteOptions): Promise<DatabricksOperation>;
  getCatalogs(request?: DatabricksMetadataRequest): Promise<DatabricksOperation>;
  getSchemas(request?: DatabricksMetadataRequest): Promise<DatabricksOperation>;
  getTables(request?: DatabricksMetadataRequest): Promise<DatabricksOperation>;
  getColumns(request?: DatabricksMetadataRequest): Promise<DatabricksOperation>;
  getPrimaryKeys(
    request: DatabricksMetadataRequest & { schemaName: string; tableName: string },
  ): Promise<DatabricksOperation>;
  getCrossReference(request: {
    parentCatalogName: string;
    parentSchemaName: string;
    parentTableName: string;
    foreignCatalogName: string;
    foreignSchemaName: string;
    foreignTableName: string;
    maxRows?: number | null;
  }): Promise<DatabricksOperation>;
  close(): Promise<unknown>;
}

export interface DatabricksClient {
  connect(options: DatabricksConnectOptions): Promise<unknown>;
  openSession(request?: DatabricksOpenSessionRequest): Promise<DatabricksSession>;
  close(): Promise<void>;
  /** Internal to the driver; used only to destroy its keep-alive agent on close. */
  getConnectionProvider?(): Promise<{ getAgent?(): Promise<{ destroy?(): void }> }>;
}

/** The module itself (what `import('@databricks/sql')` gives). */
export interface DatabricksDriver {
  DBSQLClient: new (options?: { logger?: DatabricksLogger }) => DatabricksClient;
}
