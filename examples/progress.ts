// Progress and events: run the introspect-data task on an in-process runner and watch its events.
// npx tsx examples/progress.ts

import { ensureDemoDatabase, introspectDataTask } from '../src/index.js';
import { createInProcessRunner } from '../src/runners/in-process/index.js';

const runner = createInProcessRunner({ tasks: [introspectDataTask] });
runner.on('run:start', ({ runId, taskId }) => console.log(`start ${taskId} ${runId}`));
runner.on('metadata', ({ metadata }) =>
  console.log(`  phase=${String(metadata.phase)} ${JSON.stringify(metadata.progress ?? {})}`),
);
runner.on('log', (record) => record.level !== 'debug' && console.log(`  ${record.level}: ${record.message}`));
runner.on('attempt:fail', ({ attempt, error, retryDelayMs }) =>
  console.log(`  attempt ${attempt} failed: ${error.code}, retry in ${retryDelayMs} ms`),
);
runner.on('run:complete', ({ result, durationMs }) => console.log(`done ok=${result.ok} in ${durationMs} ms`));

try {
  const credentials = await ensureDemoDatabase();
  const result = await runner.triggerAndWait(introspectDataTask, { dataSource: { name: 'demo', credentials } });
  const output = result.unwrap();
  console.log(`${output.stats.tables} tables, ${output.stats.columns} columns, ${output.warnings.length} warnings`);
} finally {
  await runner.close();
}
