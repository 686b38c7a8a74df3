// One runIntrospection against a PostgreSQL database, for `node --cpu-prof --import tsx bench/profile-introspection.ts DB [stats]`.
import { runIntrospection } from '../src/run-introspection.js';

const database = process.argv[2] ?? 'datatasks_bench_5000';
const started = performance.now();
const output = await runIntrospection(
  { type: 'postgres', host: '127.0.0.1', port: 5432, user: 'postgres', database },
  { throwOnError: true, columnStats: process.argv[3] === 'stats' },
);
console.log(
  JSON.stringify({
    ms: Math.round(performance.now() - started),
    queries: output.stats.queries,
    tables: output.stats.tables,
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    warnings: output.warnings.length,
  }),
);
