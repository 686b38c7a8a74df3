import type { Catalog } from '../../catalog/model.js';
import type { AdapterCapabilities, IntrospectOptions } from '../adapter.js';
import { PgWireAdapter } from '../postgres/adapter.js';
import { introspectRedshift } from './introspect.js';

export const redshiftCapabilities: AdapterCapabilities = {
  multipleDatabases: false,
  schemas: true,
  materializedViews: true,
  foreignKeys: true,
  // Redshift keeps primary, unique and foreign keys as planner hints only.
  enforcedConstraints: false,
  indexes: false,
  partitions: false,
  comments: true,
  readOnlyTransactions: true,
  serverSideTimeout: true,
  cancelQuery: true,
  columnStatistics: true,
  parameterStyle: 'positional',
  sqlDialect: 'redshift',
};

/** Redshift over the PostgreSQL wire protocol (`pg`): same connection and query path, SVV_* catalog. */
export class RedshiftAdapter extends PgWireAdapter {
  readonly type = 'redshift' as const;
  readonly capabilities = redshiftCapabilities;
  protected readonly engineName = 'Redshift';

  protected versionOf(row: Record<string, unknown>): string {
    // "PostgreSQL 8.0.2 on i686-pc-linux-gnu, ..., Redshift 1.0.77467" -> "1.0.77467"
    const text = String(row.version ?? '');
    return /Redshift (\S+)/.exec(text)?.[1] ?? text;
  }

  async introspect(options: IntrospectOptions = {}): Promise<Catalog> {
    return introspectRedshift(await this.pool(), options);
  }
}
