// npm run bench: every benchmark, side by side with its peers, as ratios. Introspection runs each tool in its own
// process, interleaved (bench/interleaved.ts), against the built package: the bench builds it first.
// BENCH_ONLY=runner|bullmq|pg|mysql|retrieval picks one part; BENCH_50K=1 adds 50,000 PostgreSQL tables (a long fixture build);
// BENCH_RUNS=n sets the runs per tool (default 5; 3 at 50,000); BENCH_SLOW_PEERS=1 also runs extract-pg-schema and
// drizzle-kit at 500 tables (in-process, bench/introspection-pg.ts); BENCH_PG_DATABASE_PREFIX names the fixtures.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchBullmq } from './bullmq.js';
import { benchFieldValues } from './field-values.js';
import { interleaved, interleavedTable } from './interleaved.js';
import { benchPgIntrospection } from './introspection-pg.js';
import { table } from './measure.js';
import { ensureMysqlBenchSchemas, mysqlAdmin, mysqlFloorSql } from './mysql-fixture.js';
import { ensurePgBenchDatabase, pgAdmin, pgFloorSql } from './pg-fixture.js';
import { benchRetrieval, retrievalTable } from './retrieval/eval.js';
import { benchRunnerOverhead } from './runner-overhead.js';

const only = process.env.BENCH_ONLY;
const runs = Number(process.env.BENCH_RUNS ?? 5);
const sections: string[] = [
  `# datatasks benchmarks (${new Date().toISOString()}, node ${process.version})`,
  'The machine may be shared: figures are noisy. Compare the ratios of one run, min and median.',
];
const report = (text: string) => {
  sections.push(text);
  console.log(`${text}\n`);
};
// An absolute path to another build's dist adds it side by side (before/after in one interleaved run).
const baselineDist = process.env.BENCH_BASELINE_DIST;
const baselineTools = baselineDist ? ['datatasks-baseline', 'datatasks-stats-baseline'] : [];
const labels: Record<string, string> = {
  'datatasks-baseline': `datatasks baseline build (${baselineDist})`,
  'datatasks-stats-baseline': 'datatasks baseline build with column stats',
  floor: 'one batched catalog query (floor, columns only)',
  kysely: 'kysely introspection.getTables (columns only)',
  'pg-structure': 'pg-structure',
  datatasks: 'datatasks runIntrospection (full metadata)',
  'datatasks-stats': 'datatasks runIntrospection with column stats',
};

if (!only || only === 'runner') {
  const runner = await benchRunnerOverhead();
  report(`### In-process runner overhead\n\n\`\`\`\n${JSON.stringify(runner, null, 2)}\n\`\`\``);
}
if (!only || only === 'bullmq') {
  const bullmq = await benchBullmq();
  report(`### BullMQ runner vs bare BullMQ (same Redis)\n\n\`\`\`\n${JSON.stringify(bullmq, null, 2)}\n\`\`\``);
}
if (!only || only === 'pg' || only === 'mysql') {
  console.error('building the package (dist) the children import ...');
  execFileSync(path.resolve('node_modules/.bin/tsup'), [], { stdio: ['ignore', 'ignore', 'inherit'] });
}
if (!only || only === 'pg') {
  const sizes: Array<[number, number]> = [
    [2, runs],
    [20, runs],
    ...(process.env.BENCH_50K === '1' ? [[200, Number(process.env.BENCH_RUNS ?? 3)] as [number, number]] : []),
  ];
  for (const [schemas, count] of sizes) {
    const database = await ensurePgBenchDatabase(schemas);
    const config = { engine: 'postgres', connection: { ...pgAdmin, database }, floorSql: pgFloorSql, baselineDist };
    const tools = ['floor', 'kysely', 'pg-structure', 'datatasks', 'datatasks-stats', ...baselineTools];
    const rows = await interleaved(tools, count, config);
    report(interleavedTable(`PostgreSQL, ${(schemas * 250).toLocaleString('en')} tables`, rows, labels));
  }
  if (process.env.BENCH_SLOW_PEERS === '1') {
    report(
      table(
        'PostgreSQL, 500 tables, slow peers (in-process)',
        await benchPgIntrospection(2, { runs: 1, slowPeers: true }),
        'one batched pg_catalog query (floor, columns only)',
      ),
    );
  }
}
if (!only || only === 'mysql') {
  const names = await ensureMysqlBenchSchemas(20);
  const prefix = names[0]!.replace(/s01$/, '');
  const config = {
    engine: 'mysql',
    connection: { ...mysqlAdmin, database: names[0] },
    floorSql: mysqlFloorSql(prefix),
    schemaGlob: `${prefix}*`,
    baselineDist,
  };
  const rows = await interleaved(['floor', 'datatasks', ...(baselineDist ? ['datatasks-baseline'] : [])], runs, config);
  report(interleavedTable('MariaDB, 5,000 tables', rows, labels));
}
if (!only || only === 'retrieval') {
  report(retrievalTable(await benchRetrieval({ fieldValues: true })));
  const cost = await benchFieldValues(3);
  report(table('Field values at 5,000 tables: PostgreSQL', cost.pg, 'PostgreSQL 5,000 tables introspect'));
  report(table('Field values at 5,000 tables: MariaDB', cost.mysql, 'MariaDB 5,000 tables introspect'));
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.md', `${sections.join('\n\n')}\n`);
console.log('written to bench/results/latest.md');
