import type { AdapterFactoryOptions, ConnectionTestResult } from './adapter.js';
import { createAdapter } from './create-adapter.js';
import type { CredentialsInput } from './credentials.js';

/** Validates the credentials, opens a connection, checks it, and always closes it. */
export async function checkConnection(
  credentials: CredentialsInput,
  options: { signal?: AbortSignal; adapterOptions?: AdapterFactoryOptions } = {},
): Promise<ConnectionTestResult & { type: string }> {
  const adapter = await createAdapter(credentials, options.adapterOptions);
  try {
    const result = await adapter.testConnection(options.signal ? { signal: options.signal } : {});
    return { ...result, type: adapter.type };
  } finally {
    await adapter.close();
  }
}
