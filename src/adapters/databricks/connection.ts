import { loadDriver } from '../../core/load-driver.js';
import type { Redactor } from '../../core/redact.js';
import type { CredentialsOf } from '../credentials.js';
import { withDeadline } from './abort.js';
import type { DatabricksClient, DatabricksDriver, DatabricksLogger, DatabricksSession } from './driver-types.js';
import { mapDatabricksError } from './errors.js';

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

  constructor(private readonly deps: ConnectionDeps) {}

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

  /** Opens a session (bounded by connectTimeoutMs and the signal), runs `body`, and closes the session. */
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
