import type { Adapter, AdapterFactoryOptions } from '../adapter.js';
import type { CredentialsOf } from '../credentials.js';
import { createPgWireAdapter } from '../pg-wire/adapter.js';
import { postgresCapabilities } from './capabilities.js';
import { introspectPostgres } from './introspect.js';

/** A PostgreSQL adapter over `pg` (imported on first use unless injected as `options.driver`: the `pg` module). */
export function createPostgresAdapter(
  credentials: CredentialsOf<'postgres'>,
  options: AdapterFactoryOptions = {},
): Adapter {
  return createPgWireAdapter(
    {
      name: 'PostgreSQL',
      type: 'postgres',
      capabilities: postgresCapabilities,
      // With the option list first, a statement starting with ANALYZE is a syntax error, not EXPLAIN ANALYZE.
      explainPrefix: 'EXPLAIN (FORMAT JSON)',
      defaultPort: 5432,
      // "PostgreSQL 15.20 (Debian ...) on x86_64..." -> "15.20"
      versionOf: (text) => /^PostgreSQL (\S+)/.exec(text)?.[1] ?? text,
      introspect: introspectPostgres,
    },
    credentials,
    options,
  );
}
