/** One mssql pool per adapter, opened on first use and closed with the adapter. */
import { DatataskError, ErrorCode } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import { mssqlConfig, type SqlServerCredentials } from './config.js';
import type { MssqlDriver, MssqlPool, TediousConnection } from './driver.js';
import { abortReason, toSqlServerError } from './errors.js';

export type Log = (message: string, fields?: Record<string, unknown>) => void;

export class SqlServerConnections {
  /** Statements sent so far (catalog queries and user queries). */
  statementCount = 0;
  private connecting: Promise<MssqlPool> | undefined;
  private closed = false;
  /** Server error numbers seen during logins: tedious keeps only the last message (18456 hides 4060). */
  private loginNumbers: number[] = [];

  constructor(
    readonly driver: MssqlDriver,
    private readonly credentials: SqlServerCredentials,
    readonly redactor: Redactor,
    private readonly log: Log,
  ) {}

  /** The connected pool; a failed connection attempt is retried by the next call. */
  async pool(signal?: AbortSignal): Promise<MssqlPool> {
    if (this.closed) throw new DatataskError(ErrorCode.CONNECTION_FAILED, 'SQL Server: the adapter is closed');
    if (signal?.aborted) throw abortReason(signal);
    this.connecting ??= this.connect();
    const connecting = this.connecting;
    if (!signal) return connecting;
    // An abort stops the wait; the attempt itself ends on its own and close() still releases it.
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(abortReason(signal));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([connecting, aborted]);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  private async connect(): Promise<MssqlPool> {
    this.loginNumbers = [];
    const watchLogin = (connection: unknown) => {
      const tedious = connection as TediousConnection;
      let loggedIn = false;
      tedious.once('connect', () => {
        loggedIn = true;
      });
      tedious.on('errorMessage', (token: { number?: number }) => {
        if (!loggedIn && typeof token.number === 'number') this.loginNumbers.push(token.number);
      });
    };
    const pool = new this.driver.ConnectionPool(mssqlConfig(this.credentials, watchLogin));
    pool.on('error', (error: Error) => this.log('SQL Server pool error', { error: error.message }));
    try {
      await pool.connect();
      this.log('SQL Server pool connected');
      return pool;
    } catch (error) {
      this.connecting = undefined;
      await pool.close().catch(() => undefined);
      throw toSqlServerError(error, this.redactor, 'connect', this.loginNumbers);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pending = this.connecting;
    this.connecting = undefined;
    const pool = await pending?.catch(() => undefined);
    await pool?.close();
  }
}
