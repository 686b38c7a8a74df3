import type { Adapter, AdapterFactoryOptions } from '../adapter.js';
import type { CredentialsOf } from '../credentials.js';
import { createPgWireAdapter } from '../pg-wire/adapter.js';
import { redshiftCapabilities } from './capabilities.js';
import { introspectRedshift } from './introspect.js';

/** Redshift over the PostgreSQL wire protocol (`pg`, imported on first use unless injected): SVV_* catalog. */
export function createRedshiftAdapter(
  credentials: CredentialsOf<'redshift'>,
  options: AdapterFactoryOptions = {},
): Adapter {
  return createPgWireAdapter(
    {
      name: 'Redshift',
      type: 'redshift',
      capabilities: redshiftCapabilities,
      // Redshift's EXPLAIN has no ANALYZE (and no option list).
      explainPrefix: 'EXPLAIN',
      defaultPort: 5439,
      // "PostgreSQL 8.0.2 on i686-pc-linux-gnu, ..., Redshift 1.0.77467" -> "1.0.77467"
      versionOf: (text) => /Redshift (\S+)/.exec(text)?.[1] ?? text,
      introspect: introspectRedshift,
    },
    credentials,
    options,
  );
}
