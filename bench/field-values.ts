// Cost of field-value collection: the same introspection with and without `fieldValues`, side by side.
import type { IntrospectOptions } from '../src/adapters/adapter.js';
import { createAdapter } from '../src/adapters/create-adapter.js';
import type { CredentialsInput } from '../src/adapters/credentials.js';
import type { Catalog } from '../src/catalog/model.js';
import { type Measurement, measure } from './measure.js';
import { ensureMysqlBenchSchemas, mysqlAdmin } from './mysql-fixture.js';
import { ensurePgBenchDatabase, pgAdmin } from './pg-fixture.js';

const columnsWithValues = (catalog: Catalog) =>
  catalog.databases
    .flatMap((d) => d.schemas)
    .flatMap((s) => s.tables)
    .flatMap((t) => t.columns)
    .filter((c) => c.fieldValues).length;

async function pair(label: string, credentials: CredentialsInput, options: IntrospectOptions, runs: number) {
  const out: Measurement[] = [];
  for (const fieldValues of [false, true]) {
    let withValues = 0;
    const row = await measure(`${label} introspect${fieldValues ? ' + fieldValues' : ''}`, runs, async () => {
      const adapter = await createAdapter(credentials);
      try {
        withValues = columnsWithValues(await adapter.introspect({ ...options, fieldValues }));
        return { statements: adapter.queryCount };
      } finally {
        await adapter.close();
      }
    });
    out.push({ ...row, ...(fieldValues ? { note: `${withValues} columns with values` } : {}) });
  }
  return out;
}

/** PostgreSQL and MariaDB at 5,000 tables: statements and time with and without field values (default bounds). */
export async function benchFieldValues(runs: number): Promise<{ pg: Measurement[]; mysql: Measurement[] }> {
  const pgDatabase = await ensurePgBenchDatabase(20);
  const pg = await pair('PostgreSQL 5,000 tables', { type: 'postgres', ...pgAdmin, database: pgDatabase }, {}, runs);
  const names = await ensureMysqlBenchSchemas(20);
  const mysql = await pair(
    'MariaDB 5,000 tables',
    { type: 'mysql', ...mysqlAdmin, database: names[0] },
    { schemas: { include: ['dtb20_*'] } },
    runs,
  );
  return { pg, mysql };
}
