import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createAdapter } from '../src/adapters/create-adapter.js';
import { runIntrospection } from '../src/run-introspection.js';
import { type Measurement, measure } from './measure.js';
import { ensurePgBenchDatabase, pgAdmin, pgFloorSql } from './pg-fixture.js';

const credentials = (database: string) => ({
  type: 'postgres' as const,
  ...pgAdmin,
  database,
  applicationName: 'datatasks-bench',
});

/** Side by side in one process: the floor, datatasks (adapter and the whole task), and the peers. */
export async function benchPgIntrospection(
  schemas: number,
  options: { runs: number; slowPeers: boolean },
): Promise<Measurement[]> {
  const database = await ensurePgBenchDatabase(schemas);
  const results: Measurement[] = [];
  const { runs } = options;

  results.push(
    await measure('one batched pg_catalog query (floor, columns only)', runs, async () => {
      const client = new pg.Client({ ...pgAdmin, database });
      await client.connect();
      try {
        await client.query(pgFloorSql);
      } finally {
        await client.end();
      }
      return { statements: 1 };
    }),
  );
  results.push(
    await measure('datatasks adapter.introspect (full metadata)', runs, async () => {
      const adapter = await createAdapter(credentials(database));
      try {
        const catalog = await adapter.introspect();
        if (catalog.databases[0]!.schemas.length < schemas) throw new Error('incomplete catalog');
        return { statements: adapter.queryCount };
      } finally {
        await adapter.close();
      }
    }),
  );
  results.push(
    await measure('datatasks runIntrospection (task, end to end)', runs, async () => {
      const output = await runIntrospection(credentials(database), { throwOnError: true });
      return { statements: output.stats.queries };
    }),
  );
  results.push(
    await measure('kysely introspection.getTables (columns only)', runs, async () => {
      const db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ ...pgAdmin, database, max: 1 }) }) });
      try {
        await db.introspection.getTables();
      } finally {
        await db.destroy();
      }
    }),
  );
  if (options.slowPeers) {
    const { extractSchemas } = await import('extract-pg-schema');
    results.push(
      await measure('extract-pg-schema', 1, async () => {
        await extractSchemas(
          { ...pgAdmin, database },
          { schemas: Array.from({ length: schemas }, (_, i) => `s${String(i + 1).padStart(2, '0')}`) },
        );
      }),
    );
    results.push(await measure('drizzle-kit pull (whole CLI process)', 1, async () => void drizzlePull(database)));
  }
  return results;
}

function drizzlePull(database: string): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'datatasks-drizzle-'));
  try {
    const url = `postgres://postgres@127.0.0.1:5432/${database}`;
    execFileSync(
      path.resolve('node_modules/.bin/drizzle-kit'),
      ['pull', '--dialect=postgresql', `--url=${url}`, `--out=${dir}`],
      {
        cwd: dir,
        stdio: 'ignore',
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
