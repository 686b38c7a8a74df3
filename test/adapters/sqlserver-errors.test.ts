/** Error mapping and connection settings of the SQL Server adapter (no server needed). */
import { describe, expect, it } from 'vitest';
import { parseCredentials } from '../../src/adapters/credentials.js';
import { mssqlConfig } from '../../src/adapters/sqlserver/connection.js';
import { toSqlServerError } from '../../src/adapters/sqlserver/errors.js';
import { sqlServerErrorCode } from '../../src/adapters/sqlserver/index.js';
import { ErrorCode } from '../../src/core/errors.js';
import { createRedactor } from '../../src/core/redact.js';

/** Shaped like mssql's ConnectionError/RequestError wrapping tedious's error. */
function driverError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  const original = Object.assign(new Error(message), { code }, extra);
  return Object.assign(new Error(message), { code, originalError: original }, extra);
}

describe('sqlServerErrorCode', () => {
  const cases: Array<[string, Error, 'connect' | 'query', ErrorCode, number[]?]> = [
    ['login failed', driverError('ELOGIN', "Login failed for user 'sa'."), 'connect', ErrorCode.AUTH_FAILED],
    [
      'missing database hidden behind 18456',
      driverError('ELOGIN', "Login failed for user 'sa'."),
      'connect',
      ErrorCode.DATABASE_NOT_FOUND,
      [4060, 18456],
    ],
    [
      'connection refused',
      driverError('ESOCKET', 'Failed to connect', {
        cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      }),
      'connect',
      ErrorCode.HOST_UNREACHABLE,
    ],
    [
      'self-signed certificate',
      driverError('ESOCKET', 'Failed to connect', {
        cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      }),
      'connect',
      ErrorCode.TLS_FAILED,
    ],
    [
      'server requires encryption',
      driverError('EENCRYPT', 'Server requires encryption'),
      'connect',
      ErrorCode.TLS_FAILED,
    ],
    ['connect timeout', driverError('ETIMEOUT', 'Failed to connect in 15000ms'), 'connect', ErrorCode.TIMEOUT],
    ['request timeout', driverError('ETIMEOUT', 'Timeout: Request failed'), 'query', ErrorCode.TIMEOUT],
    ['permission 229', driverError('EREQUEST', 'denied', { number: 229 }), 'query', ErrorCode.PERMISSION_DENIED],
    [
      'server principal 916',
      driverError('EREQUEST', 'not able', { number: 916 }),
      'query',
      ErrorCode.PERMISSION_DENIED,
    ],
    [
      'read-only database',
      driverError('EREQUEST', 'read-only', { number: 3906 }),
      'query',
      ErrorCode.READ_ONLY_VIOLATION,
    ],
    [
      'invalid object',
      driverError('EREQUEST', "Invalid object name 'x'.", { number: 208 }),
      'query',
      ErrorCode.QUERY_FAILED,
    ],
    ['socket lost', driverError('ESOCKET', 'Connection lost - read ECONNRESET'), 'query', ErrorCode.CONNECTION_FAILED],
  ];
  for (const [title, error, phase, expected, numbers] of cases) {
    it(`${title} -> ${expected}`, () => {
      expect(sqlServerErrorCode(error, phase, numbers)).toBe(expected);
    });
  }

  it('masks secrets in the message and the cause, and keeps the server error number', () => {
    const secret = 'h6-Error-Secret-Value-42';
    const error = driverError('EREQUEST', `bad value ${secret}`, { number: 245 });
    const mapped = toSqlServerError(error, createRedactor([secret]), 'query');
    expect(mapped.code).toBe(ErrorCode.QUERY_FAILED);
    expect(mapped.details).toMatchObject({ number: 245, driverCode: 'EREQUEST' });
    expect(mapped.message).not.toContain(secret);
    expect(String((mapped.cause as Error).message)).not.toContain(secret);
    expect(JSON.stringify(mapped)).not.toContain(secret);
  });
});

describe('mssqlConfig', () => {
  const sqlserver = (input: Record<string, unknown>) =>
    parseCredentials({ type: 'sqlserver', ...input }) as Parameters<typeof mssqlConfig>[0];

  it('maps host, port, database, encryption and the application name', () => {
    const config = mssqlConfig(
      sqlserver({ host: 'db.local', port: 14330, database: 'sales', user: 'u', password: 'p', applicationName: 'x' }),
      () => undefined,
    );
    expect(config).toMatchObject({
      server: 'db.local',
      port: 14330,
      database: 'sales',
      user: 'u',
      password: 'p',
      validateConnection: 'socket',
      options: { encrypt: true, trustServerCertificate: false, appName: 'x', readOnlyIntent: false },
    });
  });

  it('reads a URL with a named instance, gives the CA to TDS 8.0 and drops the port for an instance', () => {
    const config = mssqlConfig(
      sqlserver({
        url: 'sqlserver://me:s%40cret@db.local%5CSQLEXPRESS/sales?applicationIntent=ReadOnly',
        encrypt: 'strict',
        ssl: { mode: 'verify-full', ca: '-----BEGIN CERTIFICATE-----' },
      }),
      () => undefined,
    );
    expect(config).toMatchObject({
      server: 'db.local',
      database: 'sales',
      user: 'me',
      password: 's@cret',
      options: {
        encrypt: 'strict',
        instanceName: 'SQLEXPRESS',
        readOnlyIntent: true,
        cryptoCredentialsDetails: { ca: '-----BEGIN CERTIFICATE-----' },
      },
    });
    expect(config).not.toHaveProperty('port');
  });
});
