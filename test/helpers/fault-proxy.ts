import net from 'node:net';

/** How the proxy treats the next connections. Changeable at any time; applies to connections accepted after. */
export type FaultMode =
  | { kind: 'pass' }
  /** Adds this delay to every chunk in both directions. */
  | { kind: 'latency'; ms: number }
  /** Cuts the connection (both sides destroyed) once this many bytes went from the server to the client. */
  | { kind: 'cut-after'; bytes: number }
  /** Accepts and never answers (nothing is forwarded). */
  | { kind: 'stall' }
  /** Closes each new connection at once. */
  | { kind: 'refuse' };

export interface FaultProxy {
  host: string;
  port: number;
  setMode(mode: FaultMode): void;
  /** Connections cut by a fault so far. */
  readonly cuts: number;
  /** Client connections open right now. */
  openConnections(): number;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 between a driver and a real server, injecting faults. Test code only. */
export async function startFaultProxy(target: { host: string; port: number }, initial: FaultMode = { kind: 'pass' }): Promise<FaultProxy> {
  let mode = initial;
  let cuts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const current = mode;
    if (current.kind === 'refuse') {
      client.destroy();
      return;
    }
    if (current.kind === 'stall') return;
    const upstream = net.connect(target);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    let received = 0;
    const forward = (from: net.Socket, to: net.Socket, countBytes: boolean) => {
      from.on('data', (chunk: Buffer) => {
        if (countBytes && current.kind === 'cut-after') {
          const room = current.bytes - received;
          received += chunk.length;
          if (room <= 0 || chunk.length >= room) {
            if (room > 0) to.write(chunk.subarray(0, room));
            cuts++;
            client.destroy();
            upstream.destroy();
            return;
          }
        }
        if (current.kind === 'latency') {
          from.pause();
          setTimeout(() => {
            if (!to.destroyed) to.write(chunk);
            from.resume();
          }, current.ms);
        } else if (!to.destroyed) {
          to.write(chunk);
        }
      });
    };
    forward(client, upstream, false);
    forward(upstream, client, true);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    setMode: (next) => {
      mode = next;
    },
    get cuts() {
      return cuts;
    },
    openConnections: () => [...sockets].filter((socket) => !socket.destroyed && socket.remotePort !== target.port).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
