// Ask the analyst agent a question of the demo database.
// ANTHROPIC_API_KEY=... npx tsx examples/analyst.ts "Which product category brings the most revenue?"
import { randomUUID } from 'node:crypto';
import { analystAgentTask, createInProcessRunner, ensureDemoDatabase } from '../src/index.js';

if (!process.env.ANTHROPIC_API_KEY) {
  console.error(
    'This example calls the Anthropic API: set ANTHROPIC_API_KEY (and optionally ANTHROPIC_BASE_URL) first.',
  );
  process.exit(2);
}

const question = process.argv[2] ?? 'Which three customers paid the most, and how much?';
const runner = createInProcessRunner({ tasks: [analystAgentTask] });
runner.on('metadata', ({ metadata }) => {
  if (typeof metadata.phase === 'string') console.error(`  [${metadata.phase}] steps=${metadata.steps ?? 0}`);
});
try {
  const credentials = await ensureDemoDatabase();
  const result = await runner.triggerAndWait(analystAgentTask, {
    sessionId: randomUUID(),
    query: question,
    dataSources: [{ name: 'demo shop', credentials }],
  });
  const output = result.unwrap();
  if (!output.success) console.error(`failed: ${output.error?.code} ${output.error?.message}`);
  console.log(output.result?.response ?? '');
  for (const artifact of output.result?.artifacts ?? [])
    console.log(`- ${artifact.type} ${artifact.id}: ${artifact.title}`);
  for (const trace of output.result?.grounding ?? [])
    console.log(
      `  ${trace.number} <- ${trace.artifactId}${trace.column ? ` row ${trace.row} column ${trace.column}` : ` (${trace.source})`}`,
    );
  console.log(`usage: ${JSON.stringify(output.result?.usage)}`);
} finally {
  await runner.close();
}
