import type { AdapterFactoryOptions } from '../adapter.js';
import type { CredentialsOf } from '../credentials.js';
import { PostgresAdapter } from './adapter.js';

export { PgWireAdapter, PostgresAdapter, postgresCapabilities } from './adapter.js';

/** A PostgreSQL adapter over `pg` (imported on first use unless injected as `options.driver`: the `pg` module). */
export function createPostgresAdapter(
  credentials: CredentialsOf<'postgres'>,
  options: AdapterFactoryOptions = {},
): PostgresAdapter {
  return new PostgresAdapter(credentials, options, 5432);
}
