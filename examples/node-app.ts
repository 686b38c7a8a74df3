// runIntrospection inside a Node app: introspect a PostgreSQL database and print what an LLM prompt would get.
// DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx examples/node-app.ts
import { parseConnectionUrl, renderCatalog, runIntrospection } from '../src/index.js';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

const result = await runIntrospection(parseConnectionUrl(url), {
  name: 'warehouse',
  schemas: { exclude: ['tmp_*'] },
  signal: controller.signal,
  maxAttempts: 2,
});
if (!result.success) {
  // Typed and redacted: safe to show to a user or to log.
  console.error(`${result.error?.code}: ${result.error?.message}`);
  process.exitCode = 1;
} else {
  console.log(
    `read ${result.stats.tables} tables with ${result.stats.queries} queries in ${result.stats.durationMs} ms`,
  );
  const prompt = renderCatalog(result.catalog!, { format: 'markdown', maxTokens: 2000 });
  console.log(prompt.text.split('\n').slice(0, 20).join('\n'));
  // Never silent: `omitted` says what was dropped to fit the budget.
  if (prompt.omitted.length > 0)
    console.log(`(${prompt.omitted.length} details or tables omitted to fit 2,000 tokens)`);
}
