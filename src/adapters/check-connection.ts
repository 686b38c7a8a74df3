import { type DatataskError, type ErrorCode, toDatataskError } from '../core/errors.js';
import { collectSecrets, createRedactor } from '../core/redact.js';
import type { AdapterFactoryOptions, ConnectionTestResult } from './adapter.js';
import { createAdapter } from './create-adapter.js';
import type { CredentialsInput } from './credentials.js';

export interface CheckConnectionOptions {
  signal?: AbortSignal;
  adapterOptions?: AdapterFactoryOptions;
  /** Throw a typed DatataskError instead of resolving to `{ success: false, error }`. @default false */
  throwOnError?: boolean;
}

export type ConnectionCheck =
  | (ConnectionTestResult & { success: true; type: string })
  | {
      success: false;
      /** Absent only when the credentials were too malformed to say. */
      type?: string;
      error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
    };

/**
 * Validates the credentials, opens a connection, checks it, and always closes it. Reports failure as
 * `runIntrospection` does: `{ success: false, error: { code, message } }` (redacted), or a throw with `throwOnError`.
 */
export async function checkConnection(
  credentials: CredentialsInput,
  options: CheckConnectionOptions = {},
): Promise<ConnectionCheck> {
  const type = typeof (credentials as { type?: unknown }).type === 'string' ? credentials.type : undefined;
  try {
    const adapter = await createAdapter(credentials, options.adapterOptions);
    try {
      const result = await adapter.testConnection(options.signal ? { signal: options.signal } : {});
      return { ...result, latencyMs: Math.round(result.latencyMs), success: true, type: adapter.type };
    } finally {
      await adapter.close();
    }
  } catch (error) {
    const typed: DatataskError = toDatataskError(error);
    if (options.throwOnError) throw typed;
    const redactor = createRedactor(collectSecrets(credentials));
    return {
      success: false,
      ...(type ? { type } : {}),
      error: {
        code: typed.code,
        message: redactor.redactText(typed.message),
        ...(typed.details ? { details: redactor.redact(typed.details) } : {}),
      },
    };
  }
}
