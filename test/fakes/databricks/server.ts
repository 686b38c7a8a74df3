/**
 * A fake Databricks SQL warehouse: the real Thrift TCLIService binary protocol over HTTPS on 127.0.0.1, answered
 * by the driver's own generated processor. It authenticates Bearer tokens, records every RPC, and keeps session
 * and operation state so tests can check that sessions are closed and slow statements are cancelled.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { loadFakeParser } from '../sql/parse.js';
import { createHandlers, type FakeState } from './handlers.js';
import type { FakeOperation, FakeSession } from './operations.js';
import { TCLIService, thrift, types } from './thrift-runtime.js';
import { generateCertificates, type TestCertificates } from './tls.js';
import { buildWarehouseModel, type WarehouseModel } from './warehouse-model.js';

export interface FakeDatabricksOptions {
  /** Catalog holding the fixture. @default 'h7_fixture' */
  catalog?: string;
  /** Scale the fixture to this many tables (see scaledFixtureTables). */
  tableCount?: number;
  /** @default '/sql/1.0/warehouses/h7fake' */
  httpPath?: string;
  /** HTTP status for an unknown token. @default 401 */
  badTokenStatus?: 401 | 403;
  /** Reuse certificates between servers (generating them takes a moment). */
  certificates?: TestCertificates;
}

export interface RecordedRequest {
  method: string;
  statement?: string;
  [key: string]: unknown;
}

export class FakeDatabricksServer implements FakeState {
  readonly token = 'dapi-h7-full-access-token-5e1f0c';
  readonly restrictedToken = 'dapi-h7-restricted-token-9a7b3d';
  readonly httpPath: string;
  readonly catalog: string;
  readonly model: WarehouseModel;
  readonly sessions = new Map<string, FakeSession>();
  readonly operations = new Map<string, FakeOperation>();
  readonly requests: RecordedRequest[] = [];
  /** HTTP requests refused for a bad token. */
  rejectedRequests = 0;
  /** Turn off to play a workspace without Unity Catalog (information_schema queries fail). */
  informationSchemaAvailable = true;
  /** SPARK_CLI_SERVICE_PROTOCOL_V8: the lowest with parameter binding; results are always column-based. */
  protocolVersion = types.TProtocolVersion.SPARK_CLI_SERVICE_PROTOCOL_V8 as number;
  certificates!: TestCertificates;
  port = 0;
  private server: https.Server | undefined;

  constructor(private readonly options: FakeDatabricksOptions = {}) {
    this.catalog = options.catalog ?? 'h7_fixture';
    this.httpPath = options.httpPath ?? '/sql/1.0/warehouses/h7fake';
    this.model = buildWarehouseModel({ catalog: this.catalog, tableCount: options.tableCount });
  }

  async start(): Promise<this> {
    await loadFakeParser();
    this.certificates = this.options.certificates ?? (await generateCertificates());
    const server = https.createServer({ cert: this.certificates.cert, key: this.certificates.key }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks)));
    });
    // TLS handshake failures are expected in the TLS tests.
    server.on('tlsClientError', () => {});
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  record(method: string, details: Record<string, unknown> = {}): void {
    this.requests.push({ method, ...details });
  }

  /** RPCs received (all methods, or one). */
  count(method?: string): number {
    return method ? this.requests.filter((r) => r.method === method).length : this.requests.length;
  }

  openSessions(): number {
    return [...this.sessions.values()].filter((s) => !s.closed).length;
  }

  /** Slow statements neither cancelled nor closed. */
  runningStatements(): number {
    return [...this.operations.values()].filter((op) => op.slow && !op.cancelled && !op.closed).length;
  }

  cancelledStatements(): string[] {
    return [...this.operations.values()].filter((op) => op.cancelled).map((op) => op.statement ?? '');
  }

  reset(): void {
    this.requests.length = 0;
    this.rejectedRequests = 0;
  }

  private handle(
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
    body: Buffer,
  ): void {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== this.httpPath) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== this.token && bearer !== this.restrictedToken) {
      this.rejectedRequests++;
      const status = this.options.badTokenStatus ?? 401;
      res
        .writeHead(status, { 'content-type': 'text/plain' })
        .end(status === 401 ? 'Unauthorized' : 'Invalid access token.');
      return;
    }
    const processor = new TCLIService.Processor(createHandlers(this, bearer === this.restrictedToken));
    try {
      thrift.TBufferedTransport.receiver((transport) => {
        const input = new thrift.TBinaryProtocol(transport);
        const output = new thrift.TBinaryProtocol(
          new thrift.TBufferedTransport(undefined, (reply: Buffer) => {
            res.writeHead(200, { 'content-type': 'application/x-thrift' }).end(reply);
          }),
        );
        processor.process(input, output);
      })(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  }
}

export async function startFakeDatabricks(options: FakeDatabricksOptions = {}): Promise<FakeDatabricksServer> {
  return new FakeDatabricksServer(options).start();
}
