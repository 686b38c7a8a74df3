/** How the Databricks adapter classifies the driver's error shapes, and that it masks secrets in them. */
import { describe, expect, it } from 'vitest';
import { mapDatabricksError } from '../../src/adapters/databricks/errors.js';
import { ErrorCode } from '../../src/core/errors.js';
import { createRedactor } from '../../src/core/redact.js';

const token = 'dapi-0123456789abcdef-secret';
const redactor = createRedactor([token]);
const systemError = (code: string, message = `connect ${code}`) =>
  Object.assign(new Error(message), { code, type: 'system' });

describe('mapDatabricksError', () => {
  it.each([
    [Object.assign(new Error('bad status'), { statusCode: 401 }), 'connect', ErrorCode.AUTH_FAILED],
    [systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND dbc-x'), 'connect', ErrorCode.HOST_UNREACHABLE],
    [systemError('ECONNREFUSED'), 'connect', ErrorCode.HOST_UNREACHABLE],
    [systemError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'connect', ErrorCode.TLS_FAILED],
    [systemError('ETIMEDOUT'), 'query', ErrorCode.TIMEOUT],
    // A socket lost mid-statement is a lost session (fatal while reading optional parts), not a failed statement.
    [systemError('ECONNRESET', 'read ECONNRESET'), 'query', ErrorCode.CONNECTION_FAILED],
    [new Error('socket hang up'), 'query', ErrorCode.CONNECTION_FAILED],
    // RetryError wraps the last failure in `payload`.
    [
      Object.assign(new Error('Max retry count exceeded'), { payload: systemError('ECONNREFUSED') }),
      'query',
      ErrorCode.HOST_UNREACHABLE,
    ],
    [
      Object.assign(new Error('x'), { errorCode: 'ERROR', response: { sqlState: '42501' } }),
      'query',
      ErrorCode.PERMISSION_DENIED,
    ],
    // StatusError is not an Error instance.
    [
      { name: 'Status Error', message: "[NO_SUCH_CATALOG_EXCEPTION] Catalog 'x' was not found." },
      'connect',
      ErrorCode.DATABASE_NOT_FOUND,
    ],
    [new Error('[TABLE_OR_VIEW_NOT_FOUND] t'), 'query', ErrorCode.QUERY_FAILED],
    [new Error('[TABLE_OR_VIEW_NOT_FOUND] certificate table'), 'query', ErrorCode.QUERY_FAILED],
    [new Error('unable to verify the first certificate'), 'connect', ErrorCode.TLS_FAILED],
  ] as const)('%#: maps to %s', (error, phase, code) => {
    expect(mapDatabricksError(error, phase, redactor).code).toBe(code);
  });

  it('masks the token in the message and replaces a leaking cause', () => {
    const leaking = new Error(`request failed with Authorization: Bearer ${token}`);
    const mapped = mapDatabricksError(leaking, 'connect', redactor);
    expect(mapped.message).not.toContain(token);
    expect(mapped.message).toContain('[REDACTED]');
    expect(mapped.cause).not.toBe(leaking);
    expect(String((mapped.cause as Error).message)).not.toContain(token);
  });

  it('keeps a clean driver error as the cause', () => {
    const clean = systemError('ECONNREFUSED');
    expect(mapDatabricksError(clean, 'connect', redactor).cause).toBe(clean);
  });
});
