/**
 * Property-based hostile input: credentials, connection URLs, task payloads. Every input ends in a value or a typed
 * DatataskError (never an untyped throw), and a secret planted in the input never shows in any message.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConnectionUrl } from '../../src/adapters/connection-url.js';
import { parseCredentials, redactCredentials } from '../../src/adapters/credentials.js';
import { DatataskError } from '../../src/core/errors.js';
import { AnalystAgentInput } from '../../src/tasks/analyst-agent/interfaces.js';
import { IntrospectDataInput } from '../../src/tasks/introspect-data/interfaces.js';
import { everythingSeen, runIntrospectTask } from '../tasks/introspect-harness.js';
import { anyCredentials, plantedSecret, secretOf, withSecret } from './hostile-arbitraries.js';

const tally = { tried: 0, accepted: 0, refusedTyped: 0 };
afterAll(() => console.log(`[reliability] hostile inputs ${JSON.stringify(tally)}`));

/** Calls `parse`; returns what leaked into the outcome's text, failing on any untyped throw. */
function outcomeText(parse: () => unknown): string {
  tally.tried++;
  try {
    parse();
    tally.accepted++;
    return '';
  } catch (error) {
    if (!(error instanceof DatataskError)) throw new Error(`untyped throw: ${String(error)}`);
    tally.refusedTyped++;
    return `${error.message} ${JSON.stringify(error.toJSON())} ${error.stack ?? ''}`;
  }
}

describe('hostile credentials (parseCredentials)', () => {
  it('any value: a result or ValidationError', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        outcomeText(() => parseCredentials(value));
      }),
      { numRuns: 400 },
    );
  });

  it('credentials of every engine with a planted secret: typed outcome, the secret never in the message', () => {
    fc.assert(
      fc.property(anyCredentials, (input) => {
        const secret = secretOf(input);
        const text = outcomeText(() => parseCredentials(input));
        expect(text).not.toContain(secret);
      }),
      { numRuns: 600 },
    );
  });
});

describe('hostile connection URLs (parseConnectionUrl)', () => {
  const schemes = ['postgres', 'postgresql', 'mysql', 'mariadb', 'redshift', 'sqlserver', 'snowflake', 'databricks'];
  const hostileText = fc.string({ unit: 'binary', maxLength: 40 });
  const url = fc
    .record({
      scheme: fc.oneof(fc.constantFrom(...schemes), fc.string({ maxLength: 8 })),
      user: fc.oneof(fc.constant(''), fc.webSegment(), hostileText),
      secret: plantedSecret,
      host: fc.oneof(fc.domain(), fc.ipV4(), fc.constant('[::1]'), hostileText),
      port: fc.oneof(fc.constant(''), fc.integer({ min: -5, max: 70000 }).map(String), hostileText),
      path: fc.oneof(fc.webSegment(), hostileText),
      query: fc.oneof(fc.constant(''), fc.webQueryParameters(), hostileText),
      encode: fc.boolean(),
    })
    .map((u) => ({
      secret: u.secret,
      text: `${u.scheme}://${u.user}:${u.encode ? encodeURIComponent(u.secret) : u.secret}@${u.host}${u.port ? `:${u.port}` : ''}/${u.path}${u.query ? `?${u.query}` : ''}`,
    }));

  it('any string: credentials or a typed error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.webUrl()), (text) => {
        outcomeText(() => parseConnectionUrl(text));
      }),
      { numRuns: 500 },
    );
  });

  it('URLs with a planted password: the password is parsed back or refused, never echoed in an error', () => {
    fc.assert(
      fc.property(url, ({ secret, text }) => {
        let parsed: unknown;
        const message = outcomeText(() => {
          parsed = parseConnectionUrl(text);
        });
        expect(message).not.toContain(secret);
        expect(message).not.toContain(encodeURIComponent(secret));
        // What parses must also validate or be refused with a typed error that hides the password.
        if (parsed) expect(outcomeText(() => parseCredentials(parsed))).not.toContain(secret);
      }),
      { numRuns: 600 },
    );
  });
});

describe('secrets inside URL-like fields (redactCredentials, parseCredentials)', () => {
  const part = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 10, maxLength: 14 });
  const special = fc.constantFrom('@', ':', '/', '#', '?', '%', '%zz', '%41', '@:/', ' ', '+', '=', '@@', '/@');
  const placed = fc
    .record({
      scheme: fc.constantFrom('postgres', 'mysql', 'redshift', 'sqlserver'),
      // A short numeric head reads as a port when an unencoded / # or ? ends the authority early.
      head: fc.oneof(part, fc.integer({ min: 1, max: 65535 }).map(String)),
      special,
      tail: part,
      field: fc.constantFrom('url', 'host', 'query', 'cli'),
      param: fc.constantFrom('password', 'PASS', 'sslpassword', 'Token', 'api-key', 'motherduck_token'),
    })
    .map((p) => {
      const password = `${p.head}${p.special}${p.tail}`;
      const query = `${p.param}=${password.replace(/[#&]/g, '')}`;
      const credentials =
        p.field === 'query'
          ? { type: p.scheme, url: `${p.scheme}://u@127.0.0.1:1/db?sslmode=disable&${query}` }
          : p.field === 'url' || p.field === 'cli'
            ? { type: p.scheme, url: `${p.scheme}://u:${password}@127.0.0.1:1/db` }
            : { type: p.scheme, host: `${p.scheme}://u:${password}@127.0.0.1:1/db` };
      return { credentials, parts: p.head.length >= 10 ? [p.head, p.tail] : [p.tail], cli: p.field === 'cli' };
    });

  it('no part of a password (encoded or not) in url, host, a secret query parameter or a CLI URL survives', () => {
    fc.assert(
      fc.property(placed, ({ credentials, parts, cli }) => {
        // The CLI turns a URL into credentials fields: what it parses must hold no part of the password outside it.
        let parsed: unknown = credentials;
        const refused = cli ? outcomeText(() => (parsed = parseConnectionUrl(credentials.url ?? ''))) : '';
        const seen = `${refused} ${JSON.stringify(redactCredentials(parsed))} ${outcomeText(() => parseCredentials(parsed))}`;
        for (const secret of parts) expect(seen).not.toContain(secret);
      }),
      { numRuns: 800 },
    );
  });
});

describe('hostile task payloads', () => {
  it('introspect-data and analyst-agent schemas never throw on any value', () => {
    fc.assert(
      fc.property(fc.anything(), anyCredentials, (value, credentials) => {
        tally.tried += 3;
        expect(() => IntrospectDataInput.safeParse(value)).not.toThrow();
        expect(() => IntrospectDataInput.safeParse({ dataSource: { name: 'x', credentials } })).not.toThrow();
        expect(() =>
          AnalystAgentInput.safeParse({ sessionId: value, query: value, dataSources: [{ name: 'x', credentials }] }),
        ).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('invalid payloads through the in-process runner fail with INVALID_INPUT, hiding the planted secret', async () => {
    const invalid = fc.record({
      dataSource: fc.record({
        name: fc.oneof(fc.constant(''), fc.string({ minLength: 201, maxLength: 220 }), fc.integer()),
        credentials: anyCredentials,
      }),
      options: fc.oneof(fc.anything(), fc.record({ timeoutMs: fc.integer({ max: 0 }) })),
    });
    await fc.assert(
      fc.asyncProperty(invalid, async (payload) => {
        tally.tried++;
        const run = await runIntrospectTask(payload as never);
        expect(run.result.ok).toBe(false);
        if (!run.result.ok) {
          expect(run.result.error).toBeInstanceOf(DatataskError);
          expect(run.result.error.code).toBe('INVALID_INPUT');
        }
        tally.refusedTyped++;
        expect(everythingSeen(run)).not.toContain(secretOf(payload.dataSource.credentials));
      }),
      { numRuns: 60 },
    );
  });

  it('valid payloads aimed at a closed port end with a typed error after their attempts, hiding the secret', async () => {
    const closedPort = withSecret(
      fc.record({
        type: fc.constantFrom('postgres', 'mysql'),
        host: fc.constant('127.0.0.1'),
        port: fc.constant(1),
        user: fc.webSegment().filter((s) => s.length > 0),
        connectTimeoutMs: fc.constant(1000),
      }),
      'password',
    );
    await fc.assert(
      fc.asyncProperty(closedPort, async (credentials) => {
        tally.tried++;
        const run = await runIntrospectTask({ dataSource: { name: 'closed', credentials } as never });
        expect(run.result.ok).toBe(false);
        if (!run.result.ok) expect(run.result.error.code).toMatch(/HOST_UNREACHABLE|CONNECTION_FAILED/);
        tally.refusedTyped++;
        expect(everythingSeen(run)).not.toContain(secretOf(credentials));
      }),
      { numRuns: 6 },
    );
  });
});
