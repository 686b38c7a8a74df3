import type { AdapterFactoryOptions } from '../adapter.js';
import type { CredentialsOf } from '../credentials.js';
import { RedshiftAdapter } from './adapter.js';

export { RedshiftAdapter, redshiftCapabilities } from './adapter.js';

/** A Redshift adapter over `pg` (imported on first use unless injected as `options.driver`: the `pg` module). */
export function createRedshiftAdapter(
  credentials: CredentialsOf<'redshift'>,
  options: AdapterFactoryOptions = {},
): RedshiftAdapter {
  return new RedshiftAdapter(credentials, options, 5439);
}
