import pg from 'pg';
import * as q from '../src/adapters/postgres/queries.js';
const db = process.argv[2]!;
const c = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: db }); await c.connect();
const opts = {} as never;
for (const [name, query] of Object.entries({ version: q.versionQuery(), schemas: q.schemasQuery(opts), relations: q.relationsQuery(opts), columns: q.columnsQuery(opts), constraints: q.constraintsQuery(opts), indexes: q.indexesQuery(opts), partitions: q.partitionsQuery(opts), stats: q.statsQuery(opts) })) {
  const times = [];
  let n = 0;
  for (let i = 0; i < 3; i++) { const t = performance.now(); const r = await c.query(query.text, query.values); n = r.rows.length; times.push(performance.now() - t); }
  console.log(name.padEnd(12), n, times.map((t) => t.toFixed(0)).join(' '));
}
const { pgFloorSql } = await import('../bench/pg-fixture.js');
for (let i = 0; i < 3; i++) { const t = performance.now(); await c.query(pgFloorSql); console.log('floor', (performance.now() - t).toFixed(0)); }
await c.end();
