import net from 'node:net';
import { seededRandom } from './seeded-random.js';

/** How the proxy treats the next connections. Changeable at any time; applies to connections accepted after. */
export type FaultMode =
  | { kind: 'pass' }
  /** Adds this delay to every chunk in both directions. */
  | { kind: 'latency'; ms: number }
  /** Cuts the connection (both sides destroyed) once this many bytes went from the server to the client. */
  | { kind: 'cut-after'; bytes: number }
  /** Like cut-after, at a point drawn for each connection from a seeded PRNG in [minBytes, maxBytes]. */
  | { kind: 'cut-random'; seed: number; minBytes?: number; maxBytes: number }
  /** Accepts and never answers (nothing is forwarded). */
  | { kind: 'stall' }
  /** Forwards this many bytes from the server, then goes silent both ways without closing (a hung server). */
  | { kind: 'stall-after'; bytes: number }
  /** Closes each new connection at once. */
  | { kind: 'refuse' }
  /** Cuts a connection (both sides, the request not forwarded) when the client sends these bytes, e.g. a query's text. */
  | { kind: 'cut-on-client-bytes'; match: Buffer };

export interface FaultProxy {
  host: string;
  port: number;
  setMode(mode: FaultMode): void;
  /** The next connections take these modes, one each, before the current mode applies again. */
  queueModes(...modes: FaultMode[]): void;
  /** Connections cut by a fault so far. */
  readonly cuts: number;
  /** Connections that went silent (stall, stall-after) so far. */
  readonly stalls: number;
  /** Client connections accepted so far. */
  readonly accepted: number;
  /** Bytes forwarded from the server to clients so far. */
  readonly bytesFromServer: number;
  /** Bytes forwarded from the server on each connection, in the order they were accepted. */
  connectionBytes(): number[];
  /** Client connections open right now. */
  openConnections(): number;
  close(): Promise<void>;
}

/** Resolves random cut points to fixed ones, so each connection's fault is fixed when it is accepted. */
function resolveMode(mode: FaultMode, draw: (min: number, max: number) => number): FaultMode {
  if (mode.kind !== 'cut-random') return mode;
  return { kind: 'cut-after', bytes: draw(mode.minBytes ?? 0, mode.maxBytes) };
}

/** A TCP proxy on 127.0.0.1 between a driver and a real server, injecting faults. Test code only. */
export async function startFaultProxy(
  target: { host: string; port: number },
  initial: FaultMode = { kind: 'pass' },
): Promise<FaultProxy> {
  let mode = initial;
  let queued: FaultMode[] = [];
  let random: ReturnType<typeof seededRandom> | undefined;
  let randomSeed: number | undefined;
  let cuts = 0;
  let stalls = 0;
  let accepted = 0;
  let bytesFromServer = 0;
  const perConnection: number[] = [];
  const sockets = new Set<net.Socket>();
  const draw = (seed: number) => (min: number, max: number) => {
    if (!random || randomSeed !== seed) {
      random = seededRandom(seed);
      randomSeed = seed;
    }
    return random.int(min, max);
  };
  const server = net.createServer((client) => {
    accepted++;
    const connectionIndex = perConnection.push(0) - 1;
    const countFromServer = (bytes: number) => {
      bytesFromServer += bytes;
      perConnection[connectionIndex] = (perConnection[connectionIndex] ?? 0) + bytes;
    };
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const next = queued.shift() ?? mode;
    const current = resolveMode(next, draw(next.kind === 'cut-random' ? next.seed : 0));
    if (current.kind === 'refuse') {
      client.destroy();
      return;
    }
    if (current.kind === 'stall') {
      stalls++;
      // Read and drop what the client sends: a paused socket would never notice the client hanging up.
      client.resume();
      return;
    }
    const upstream = net.connect(target);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    let received = 0;
    let silent = false;
    const limit = current.kind === 'cut-after' || current.kind === 'stall-after' ? current.bytes : undefined;
    const forward = (from: net.Socket, to: net.Socket, fromServer: boolean) => {
      let tail = Buffer.alloc(0);
      from.on('data', (chunk: Buffer) => {
        if (silent) return;
        if (!fromServer && current.kind === 'cut-on-client-bytes') {
          // The tail of the previous chunk too: the bytes may arrive split across two chunks.
          const seen = Buffer.concat([tail, chunk]);
          if (seen.includes(current.match)) {
            cuts++;
            client.destroy();
            upstream.destroy();
            return;
          }
          tail = seen.subarray(Math.max(0, seen.length - current.match.length + 1));
        }
        if (fromServer && limit !== undefined) {
          const room = limit - received;
          received += chunk.length;
          if (room <= 0 || chunk.length >= room) {
            if (room > 0 && !to.destroyed) to.write(chunk.subarray(0, room));
            countFromServer(Math.max(room, 0));
            if (current.kind === 'stall-after') {
              // Hung, not dead: the sockets stay open and nothing more goes through.
              silent = true;
              stalls++;
              return;
            }
            cuts++;
            client.destroy();
            upstream.destroy();
            return;
          }
        }
        if (fromServer) countFromServer(chunk.length);
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
    setMode: (nextMode) => {
      mode = nextMode;
    },
    queueModes: (...modes) => {
      queued = [...queued, ...modes];
    },
    get cuts() {
      return cuts;
    },
    get stalls() {
      return stalls;
    },
    get accepted() {
      return accepted;
    },
    get bytesFromServer() {
      return bytesFromServer;
    },
    connectionBytes: () => [...perConnection],
    openConnections: () =>
      [...sockets].filter((socket) => !socket.destroyed && socket.remotePort !== target.port).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
