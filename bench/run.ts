// npm run bench: every benchmark, side by side with its peers in this one process, as ratios.
// BENCH_ONLY=runner|bullmq|pg|mysql|retrieval picks one part; BENCH_SLOW_PEERS=1 also runs extract-pg-schema and
// drizzle-kit at 5,000 tables (minutes each; at 500 tables they always run).
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchBullmq } from './bullmq.js';
import { benchFieldValues } from './field-values.js';
import { benchMysqlIntrospection } from './introspection-mysql.js';
import { benchPgIntrospection } from './introspection-pg.js';
import { table } from './measure.js';
import { benchRetrieval, retrievalTable } from './retrieval/eval.js';
import { benchRunnerOverhead } from './runner-overhead.js';

const only = process.env.BENCH_ONLY;
const sections: string[] = [`# datatasks benchmarks (${new Date().toISOString()}, node ${process.version})`];
const report = (text: string) => {
  sections.push(text);
  console.log(`${text}\n`);
};

if (!only || only === 'runner') {
  const runner = await benchRunnerOverhead();
  report(`### In-process runner overhead\n\n\`\`\`\n${JSON.stringify(runner, null, 2)}\n\`\`\``);
}
if (!only || only === 'bullmq') {
  const bullmq = await benchBullmq();
  report(`### BullMQ runner vs bare BullMQ (same Redis)\n\n\`\`\`\n${JSON.stringify(bullmq, null, 2)}\n\`\`\``);
}
if (!only || only === 'pg') {
  report(
    table(
      'PostgreSQL, 500 tables',
      await benchPgIntrospection(2, { runs: 5, slowPeers: true }),
      'one batched pg_catalog query (floor, columns only)',
    ),
  );
  report(
    table(
      'PostgreSQL, 5,000 tables',
      await benchPgIntrospection(20, { runs: 5, slowPeers: process.env.BENCH_SLOW_PEERS === '1' }),
      'one batched pg_catalog query (floor, columns only)',
    ),
  );
}
if (!only || only === 'mysql') {
  report(
    table(
      'MariaDB, 5,000 tables',
      await benchMysqlIntrospection(20, 5),
      'one batched information_schema.COLUMNS query (floor, columns only)',
    ),
  );
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
