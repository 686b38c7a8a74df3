import net from 'node:net';
import type PG from 'pg';
import type { PgDriver } from './pg-capped-query.js';

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
