import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The shared generator: ../shared/bench/generate-pg.sql beside the project's root. */
const generator = path.resolve(here, '..', '..', 'shared', 'bench', 'generate-pg.sql');
const marker = 'datatasks bench fixture v1';

export const pgAdmin = { host: '127.0.0.1', port: 5432, user: 'postgres' };

/** Creates (once) a database with `schemas` x 250 tables and 25 views per schema from the shared generator. */
export async function ensurePgBenchDatabase(schemas: number): Promise<string> {
  const name = `${process.env.BENCH_PG_DATABASE_PREFIX ?? 'datatasks_bench_'}${schemas * 250}`;
  const admin = new pg.Client({ ...pgAdmin, database: 'postgres' });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      'SELECT shobj_description(oid, $2) AS note FROM pg_database WHERE datname = $1',
      [name, 'pg_database'],
    );
    if (rows[0]?.note === marker) return name;
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    console.error(`building ${name} (${schemas * 250} tables) with ${path.relative(process.cwd(), generator)} ...`);
    execFileSync(
      'psql',
      [
        '-h',
        pgAdmin.host,
        '-U',
        pgAdmin.user,
        '-d',
        name,
        '-q',
        '-v',
        `nschemas=${schemas}`,
        '-v',
        'ntables=250',
        '-v',
        'nviews=25',
        '-f',
        generator,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    await admin.query(`VACUUM ANALYZE`).catch(() => undefined);
    const analyze = new pg.Client({ ...pgAdmin, database: name });
    await analyze.connect();
    await analyze.query('ANALYZE');
    await analyze.end();
    await admin.query(`COMMENT ON DATABASE ${name} IS '${marker}'`);
    return name;
  } finally {
    await admin.end();
  }
}

/** The single-query floor: every column of every user table and view, one batched pg_catalog query. */
export const pgFloorSql = `
SELECT n.nspname, c.relname, c.relkind, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull, obj_description(c.oid, 'pg_class') AS table_comment, col_description(c.oid, a.attnum) AS column_comment
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
ORDER BY n.nspname, c.relname, a.attnum`;
