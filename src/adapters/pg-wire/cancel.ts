import net from 'node:net';
import type PG from 'pg';
import type { ClientConfig } from 'pg';
import { throwIfAborted } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { PgDriver } from './statement.js';

export interface PgCancellerOptions {
  /** The Client class to open the cancelling connection with (one whose socket the pool owns). */
  Client: typeof PG.Client;
  config: ClientConfig;
  redactor: Redactor;
  onStatement: () => void;
  log?: ((message: string, fields?: Record<string, unknown>) => void) | undefined;
}

/**
 * Cancels a connection's running statement with pg_cancel_backend(pid) sent over a short-lived second connection.
 * The pid is read once per connection with SELECT pg_backend_pid(). Why not the protocol's CancelRequest: pg keeps
 * the backend key it needs (processID, secretKey) in undocumented fields and offers no public cancel, and a
 * hand-written CancelRequest would need its own TLS negotiation on servers that require SSL. pg_cancel_backend
 * travels over an ordinary connection (same TLS, same authentication), works on PostgreSQL and Redshift alike, and
 * needs no privilege to cancel a session of the same login role.
 */
export class PgCanceller {
  private readonly pids = new WeakMap<PG.ClientBase, number>();

  constructor(private readonly options: PgCancellerOptions) {}

  /** Reads the backend pid of `client` the first time it is checked out (one round trip per connection). */
  async remember(client: PG.ClientBase, run: (sql: string) => Promise<PG.QueryResult>): Promise<void> {
    if (this.pids.has(client)) return;
    const { rows } = await run('SELECT pg_backend_pid() AS pid');
    const pid = Number(rows[0]?.pid);
    if (Number.isInteger(pid) && pid > 0) this.pids.set(client, pid);
  }

  /**
   * Asks the server to cancel what `client` runs. Resolves false when it cannot (the pid is not known yet: the
   * connection is still on its first statement); a failed cancel only logs (best effort, the socket cut follows).
   */
  async cancel(client: PG.ClientBase): Promise<boolean> {
    const pid = this.pids.get(client);
    if (pid === undefined) return false;
    const { Client, config, redactor, onStatement, log } = this.options;
    const canceller = new Client({ ...config, application_name: `${config.application_name ?? ''}-cancel` });
    canceller.on('error', () => undefined);
    try {
      await canceller.connect();
      onStatement();
      await canceller.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch (error) {
      log?.('cancel failed', { message: redactor.redactText((error as Error).message) });
    } finally {
      await canceller.end().catch(() => undefined);
    }
    return true;
  }
}

const pause = (ms: number) =>
  new Promise<boolean>((resolve) => {
    setTimeout(() => resolve(true), ms).unref();
  });

/** Rounds of cancel-then-wait before the socket is cut; each round waits at most this long for the statement. */
const cancelRounds = 2;
const cancelRoundMs = 1000;

/**
 * Stops an aborted statement: a server-side cancel, repeated once (a cancel that reaches the server just before the
 * statement starts is lost); if the statement still has not ended (a hung server, or one the cancel cannot reach) or
 * no cancel is possible, the socket is cut so the call, and the pool's close, cannot wait forever.
 */
export async function stopStatement(
  cancel: () => Promise<boolean>,
  settled: () => boolean,
  done: Promise<void>,
  cut: () => void,
): Promise<void> {
  for (let round = 0; round < cancelRounds && !settled(); round++) {
    const sent = await Promise.race([cancel(), done.then(() => true), pause(cancelRoundMs)]);
    if (!sent) break;
    if (!settled()) await Promise.race([done, pause(cancelRoundMs)]);
  }
  if (!settled()) cut();
}

/** Waits for `promise` unless the signal aborts first; then `onLate` receives the value that came too late. */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  onLate: (value: T) => void,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    let abandoned = false;
    const onAbort = () => {
      abandoned = true;
      try {
        throwIfAborted(signal);
      } catch (error) {
        reject(error);
      }
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (abandoned) onLate(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * pg clients whose TCP socket datatasks creates itself, through pg's public `stream` option (a factory returning a
 * Duplex), so a hung connection can always be cut by destroying that socket: pg offers no public way to do it (its
 * `end()` waits for a goodbye a hung server never acknowledges). With SSL, pg wraps this socket in TLS, and
 * destroying it closes the TLS stream too. Also tracks which clients have not finished connecting: an abort or a
 * close cuts those, since nothing else interrupts a connect short of its timeout.
 */
export class PgSockets {
  private readonly sockets = new WeakMap<PG.Client, net.Socket>();
  private readonly connecting = new Set<PG.Client>();

  /** A Client class for `driver` whose instances use a socket this object owns. */
  clientClass(driver: PgDriver): typeof PG.Client {
    const owner = this;
    return class OwnedSocketClient extends driver.Client {
      constructor(config?: PG.ClientConfig) {
        const socket = new net.Socket();
        // Copied with its descriptors: pg-pool hands the password over as a non-enumerable property.
        const owned = Object.defineProperties({}, Object.getOwnPropertyDescriptors(config ?? {})) as PG.ClientConfig;
        super(Object.assign(owned, { stream: () => socket }));
        owner.sockets.set(this, socket);
        owner.connecting.add(this);
        // 'connect' is emitted once the server is ready for queries (startup and authentication done).
        this.once('connect', () => owner.connecting.delete(this));
        socket.once('close', () => owner.connecting.delete(this));
      }
    };
  }

  /** Destroys the client's socket: pg sees the connection end, fails what runs on it and emits 'end'. */
  cut(client: PG.Client): void {
    this.sockets.get(client)?.destroy();
  }

  /** Cuts every client that has not finished connecting. */
  cutConnecting(): void {
    for (const client of this.connecting) this.cut(client);
  }
}
