// One introspection in its own process, for the whole-process measurements of bench/interleaved.ts:
// `node introspect.mjs TOOL JSON` (JSON: { engine, connection, floorSql?, schemaGlob? }) prints
// { ms, statements, maxRssKiB, importMs? }. Plain JavaScript against the built package (dist), so no tool pays for a TypeScript
// loader; each tool imports only what it needs.
const [tool = '', json = '{}'] = process.argv.slice(2);
const { engine, connection, floorSql, schemaGlob, baselineDist } = JSON.parse(json);

async function pgFloor() {
  const { default: pg } = await import('pg');
  const client = new pg.Client(connection);
  await client.connect();
  try {
    await client.query(floorSql);
  } finally {
    await client.end();
  }
  return 1;
}

async function mysqlFloor() {
  const { default: mysql } = await import('mysql2/promise');
  const client = await mysql.createConnection(connection);
  try {
    await client.query(floorSql);
  } finally {
    await client.end();
  }
  return 1;
}

async function kysely() {
  const [{ Kysely, PostgresDialect }, { default: pg }] = await Promise.all([import('kysely'), import('pg')]);
  const db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ ...connection, max: 1 }) }) });
  try {
    await db.introspection.getTables();
  } finally {
    await db.destroy();
  }
  return 1;
}

async function pgStructure() {
  // A CommonJS module: its default export is the exports object.
  const { default: exports } = await import('pg-structure');
  const db = await exports.default(connection, { includeSchemas: ['s%'] });
  if (db.schemas.length === 0) throw new Error('pg-structure read no schema');
  return 10;
}

// How long the package took to import (zod included): a fixed cost per process, which a long-running worker pays once.
let importMs;

async function datatasks(columnStats, dist = '../../dist') {
  const importStarted = performance.now();
  const { runIntrospection } = await import(`${dist}/index.js`);
  importMs = performance.now() - importStarted;
  const output = await runIntrospection(
    { type: engine, ...connection },
    { throwOnError: true, columnStats, ...(schemaGlob ? { schemas: { include: [schemaGlob] } } : {}) },
  );
  if (!output.catalog || output.stats.tables === 0) throw new Error('datatasks read no table');
  return output.stats.queries;
}

const tools = {
  floor: engine === 'mysql' ? mysqlFloor : pgFloor,
  kysely,
  'pg-structure': pgStructure,
  datatasks: () => datatasks(false),
  'datatasks-stats': () => datatasks(true),
  // Another build of datatasks (BENCH_BASELINE_DIST, e.g. the main branch's dist), for before/after in one run.
  'datatasks-baseline': () => datatasks(false, baselineDist),
  'datatasks-stats-baseline': () => datatasks(true, baselineDist),
};
const started = performance.now();
const statements = await tools[tool]();
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, statements, maxRssKiB: process.resourceUsage().maxRSS, importMs }));
