import { createRedactor } from '../../core/redact.js';
import type { Adapter, AdapterFactoryOptions } from '../adapter.js';
import { credentialSecrets } from '../credentials.js';
import { defineAdapter } from '../kernel/define-adapter.js';
import { capResultBytes } from '../result-caps.js';
import { databricksCapabilities } from './capabilities.js';
import { DatabricksConnection, type DatabricksCredentials, type DatabricksDriver } from './connection.js';
import { introspectDatabricks } from './introspect.js';
import { runQuery, testConnection } from './statement.js';

export function createDatabricksClientAdapter(
  credentials: DatabricksCredentials,
  options: AdapterFactoryOptions<DatabricksDriver> = {},
): Adapter {
  const redactor = createRedactor(credentialSecrets(credentials));
  const log = (message: string, fields?: Record<string, unknown>) =>
    options.log?.(redactor.redactText(message), fields && redactor.redact(fields));
  let connection: DatabricksConnection | undefined;

  return defineAdapter<DatabricksConnection>({
    name: 'Databricks',
    type: 'databricks',
    capabilities: databricksCapabilities,
    open: async () => {
      connection = new DatabricksConnection({ credentials, driver: options.driver, redactor, log });
      return connection;
    },
    end: (opened) => opened.close(),
    statementCount: () => connection?.statements ?? 0,
    testConnection: (opened, signal) => testConnection(opened, signal),
    query: async (opened, sql, params, queryOptions) =>
      capResultBytes(await runQuery(opened, sql, params, queryOptions), queryOptions),
    introspect: (opened, introspectOptions) => introspectDatabricks(opened, introspectOptions),
  });
}
