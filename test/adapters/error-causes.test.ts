/**
 * The driver error each adapter keeps as `cause` is a redacted copy: a secret the credentials carry inside a URL
 * (user-info password, ?password=, a MotherDuck token in a DuckDB path) is masked in its message, stack, fields
 * such as `hostname`, and its own cause chain, while its class and code stay for callers that inspect them.
 */
import { describe, expect, it } from 'vitest';
import { credentialSecrets } from '../../src/adapters/credentials.js';
import { toDuckDbError } from '../../src/adapters/duckdb/errors.js';
import { toMysqlError } from '../../src/adapters/mysql/errors.js';
import { classifyPgError } from '../../src/adapters/pg-wire/errors.js';
import { ErrorCode } from '../../src/core/errors.js';
import { createRedactor } from '../../src/core/redact.js';

const password = 'p@ss:w/rd-4c1d9e';
const token = 'md-token-77aa01bb';
const redactor = createRedactor(
  credentialSecrets({
    url: `postgres://u:${password}@h/db?sslpassword=sslpw-19f0`,
    path: `md:x?motherduck_token=${token}`,
  }),
);

/** A driver-like error that repeats the secrets everywhere a driver might. */
function driverError(code: string): Error {
  const inner = new Error(`lookup of u:${password}@h failed (motherduck_token=${token})`);
  return Object.assign(new Error(`getaddrinfo ${code} u:${password}@h sslpw-19f0`), {
    code,
    hostname: `u:${password}@h`,
    path: `md:x?motherduck_token=${token}`,
    cause: inner,
  });
}

function everything(error: unknown): string {
  const parts: string[] = [];
  for (let current = error as Error | undefined, depth = 0; current && depth < 6; depth++) {
    parts.push(current.message, current.stack ?? '', JSON.stringify({ ...current }));
    current = current.cause as Error | undefined;
  }
  return parts.join('\n');
}

describe('adapter errors keep a redacted driver error as cause', () => {
  const cases: Array<[string, () => Error, ErrorCode]> = [
    [
      'PostgreSQL',
      () => classifyPgError(driverError('ENOTFOUND'), { engine: 'PostgreSQL', redactor, operation: 'connect' }),
      ErrorCode.HOST_UNREACHABLE,
    ],
    ['MySQL', () => toMysqlError(driverError('ENOTFOUND'), redactor, 'connect'), ErrorCode.HOST_UNREACHABLE],
    ['DuckDB', () => toDuckDbError(driverError('IO'), redactor, 'open'), ErrorCode.CONNECTION_FAILED],
  ];
  for (const [engine, map, code] of cases) {
    it(engine, () => {
      const error = map() as Error & { code: string };
      expect(error.code).toBe(code);
      const text = everything(error);
      for (const secret of [password, token, 'sslpw-19f0', encodeURIComponent(password)]) {
        expect(text).not.toContain(secret);
      }
      // Still the driver's error: same class, code and fields (masked), and its own cause.
      const cause = error.cause as Error & { code: string; hostname: string; cause: Error };
      expect(cause).toBeInstanceOf(Error);
      expect(cause.code).toBe(engine === 'DuckDB' ? 'IO' : 'ENOTFOUND');
      expect(cause.hostname).toBe('u:[REDACTED]@h');
      expect(cause.cause).toBeInstanceOf(Error);
    });
  }
});
