/**
 * An in-process SQL Server speaking TDS 7.4 over TCP (or TDS 8.0: TLS first, ALPN tds/8.0) to the real mssql/tedious
 * driver. It answers the adapter's sys.* queries from a fixture and records every request, login and cancel.
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { shopFixture } from '../../fixtures/shop-fixture.js';
import { loadFakeParser } from '../sql/parse.js';
import type { FakeFixture } from './catalog-data.js';
import { parseLogin7, preloginResponse } from './login.js';
import { answerLogin } from './login-answer.js';
import { MessageReader, MessageWriter, PACKET, type TdsMessage } from './packets.js';
import { type ClientRequest, parseRpc, parseSqlBatch } from './requests.js';
import { type InFlight, respond } from './responder.js';
import { answer, type ReadFailure, type SessionInfo } from './sql-engine.js';
import { buildSysRows } from './sys-catalog.js';
import type { SysRows } from './sys-views.js';
import { DONE_STATUS, done, errorToken } from './tokens.js';

export interface FakeUser {
  password: string;
  /** Cannot read the fixture's restricted schema. */
  restricted?: boolean;
}

export interface FakeSqlServerOptions {
  fixture?: FakeFixture;
  /** Databases that exist; the first is the default one. @default ['shop'] */
  databases?: string[];
  users?: Record<string, FakeUser>;
  /** TDS 8.0 (encrypt: 'strict'): TLS with this certificate before PRELOGIN. */
  tls?: { key: string; cert: string };
  /** Injected permission errors: a statement reading all the listed sys views fails with the given error. */
  failures?: ReadFailure[];
}

export interface RecordedRequest extends ClientRequest {
  connectionId: number;
  user: string;
  appName: string;
}

export interface RecordedLogin {
  user: string;
  database: string;
  appName: string;
  readOnlyIntent: boolean;
  ok: boolean;
  alpn: string | false | undefined;
}

const serverName = 'FAKESQL';
const versionText = 'Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64) (datatasks fake TDS server)';

export class FakeSqlServer {
  readonly requests: RecordedRequest[] = [];
  readonly logins: RecordedLogin[] = [];
  /** For each attention received, the SQL of the statement it cancelled (the connection's latest). */
  readonly cancels: string[] = [];
  private readonly server: net.Server;
  private readonly sockets = new Set<Duplex>();
  private readonly loggedIn = new Set<Duplex>();
  private running = 0;
  private nextConnectionId = 1;
  private readonly catalogCache = new Map<boolean, SysRows>();

  constructor(private readonly options: FakeSqlServerOptions = {}) {
    const onSocket = (socket: Duplex) => this.accept(socket);
    this.server = options.tls
      ? tls.createServer({ key: options.tls.key, cert: options.tls.cert, ALPNProtocols: ['tds/8.0'] }, onSocket)
      : net.createServer(onSocket);
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.port;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get requestCount(): number {
    return this.requests.length;
  }

  /** Logged-in connections still open. */
  openConnections(): number {
    return this.loggedIn.size;
  }

  /** Statements the server is still executing (slow ones waiting for a cancel). */
  runningStatements(): number {
    return this.running;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private get fixture(): FakeFixture {
    return this.options.fixture ?? shopFixture;
  }

  private catalog(restricted: boolean): SysRows {
    let results = this.catalogCache.get(restricted);
    if (!results) {
      results = buildSysRows(this.fixture, { hideRestricted: restricted });
      this.catalogCache.set(restricted, results);
    }
    return results;
  }

  private session(database: string, restricted: boolean): SessionInfo {
    return {
      database,
      restricted,
      restrictedSchema: this.fixture.restrictedSchema,
      version: versionText,
      sysRows: () => this.catalog(restricted),
      failures: this.options.failures ?? [],
    };
  }

  private accept(socket: Duplex): void {
    this.sockets.add(socket);
    const connectionId = this.nextConnectionId++;
    const reader = new MessageReader();
    let packetSize = 4096;
    const writer = new MessageWriter(socket, () => packetSize);
    let session: (SessionInfo & { user: string; appName: string }) | undefined;
    let current: InFlight | undefined;
    let lastSql = '';
    let queue = Promise.resolve();

    const sendAttentionAck = () => writer.end(done(DONE_STATUS.ATTN));
    const handle = async (message: TdsMessage): Promise<void> => {
      if (message.type === PACKET.PRELOGIN) return writer.end(preloginResponse());
      if (message.type === PACKET.LOGIN7) {
        const login = parseLogin7(message.data);
        packetSize = Math.min(Math.max(login.packetSize, 512), 32_767);
        const users = this.options.users ?? { sa: { password: 'Fake-Passw0rd!' } };
        const outcome = answerLogin(login, users, this.options.databases ?? ['shop'], serverName);
        const { userName: user, appName, readOnlyIntent } = login;
        const alpn = (socket as tls.TLSSocket).alpnProtocol ?? undefined;
        this.logins.push({ user, database: outcome.database, appName, readOnlyIntent, ok: outcome.ok, alpn });
        await writer.end(outcome.tokens);
        if (!outcome.ok) {
          socket.end();
          return;
        }
        session = { ...this.session(outcome.database, outcome.restricted), user, appName };
        this.loggedIn.add(socket);
        return;
      }
      if (!session) throw new Error('request before login');
      let request: ClientRequest;
      try {
        request = message.type === PACKET.RPC_REQUEST ? parseRpc(message.data) : parseSqlBatch(message.data);
      } catch (error) {
        const failure = { number: 8180, message: (error as Error).message };
        return writer.end(Buffer.concat([errorToken(failure, serverName), done(DONE_STATUS.ERROR)]));
      }
      this.requests.push({ ...request, connectionId, user: session.user, appName: session.appName });
      lastSql = request.sql;
      const flight: InFlight = { cancelled: message.ignored };
      current = flight;
      const result = message.ignored ? ({ kind: 'done' } as const) : answer(request, session);
      if (result.kind === 'slow') this.running++;
      try {
        await respond(writer, request, result, flight, serverName);
      } finally {
        if (result.kind === 'slow') this.running--;
        current = undefined;
      }
      if (flight.cancelled && !message.ignored) await sendAttentionAck();
    };

    socket.on('data', (chunk: Buffer) => {
      for (const message of reader.push(chunk)) {
        if (message.type === PACKET.ATTENTION) {
          this.cancels.push(lastSql);
          if (current) {
            current.cancelled = true;
            current.wake?.();
          } else {
            queue = queue.then(sendAttentionAck).catch(() => {
              socket.destroy();
            });
          }
          continue;
        }
        queue = queue
          .then(() => handle(message))
          .catch(() => {
            socket.destroy();
          });
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.loggedIn.delete(socket);
      current?.wake?.();
    });
  }
}

/** Starts a fake server on a random free port of 127.0.0.1. */
export async function startFakeSqlServer(options: FakeSqlServerOptions = {}): Promise<FakeSqlServer> {
  await loadFakeParser();
  const server = new FakeSqlServer(options);
  await server.listen();
  return server;
}
