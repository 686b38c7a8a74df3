// npm run demo: builds the demo online shop in an embedded DuckDB file on first use and introspects it.
import { catalogCounts, ensureDemoDatabase, runIntrospection } from '../src/index.js';

const credentials = await ensureDemoDatabase();
const result = await runIntrospection(credentials, {
  name: 'demo shop',
  onProgress: ({ phase, counts }) => console.error(`  ${phase ?? ''} ${JSON.stringify(counts)}`),
});
if (!result.success || !result.catalog) {
  console.error(`introspection failed: ${result.error?.code} ${result.error?.message}`);
  process.exitCode = 1;
} else {
  const counts = catalogCounts(result.catalog);
  console.log(
    `${result.dataSource.name}: DuckDB ${result.dataSource.serverVersion}, ${counts.schemas} schemas, ${counts.tables} tables and views, ${counts.columns} columns, ${result.stats.queries} queries in ${result.stats.durationMs} ms`,
  );
  for (const schema of result.catalog.databases.flatMap((database) => database.schemas)) {
    for (const table of schema.tables) {
      const keys = [
        table.primaryKey ? `pk(${table.primaryKey.columns.join(', ')})` : '',
        ...table.foreignKeys.map(
          (fk) => `fk(${fk.columns.join(', ')}) -> ${fk.referencedSchema}.${fk.referencedTable}`,
        ),
      ].filter(Boolean);
      console.log(`  ${schema.name}.${table.name} [${table.kind}] ${table.columns.length} columns ${keys.join(' ')}`);
    }
  }
}
