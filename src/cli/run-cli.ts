import { writeFile } from 'node:fs/promises';
import { checkConnection } from '../adapters/check-connection.js';
import { catalogCounts } from '../catalog/model.js';
import { renderCatalog } from '../catalog/render.js';
import { isDatataskError, toDatataskError } from '../core/errors.js';
import { collectSecrets, createRedactor } from '../core/redact.js';
import { ensureDemoDatabase } from '../demo/demo-database.js';
import type { IntrospectDataOutput } from '../tasks/introspect-data/interfaces.js';
import { runIntrospection } from '../tasks/introspect-data/run-introspection.js';
import { type CliArguments, parseCliArguments, usage } from './args.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { createProgressReporter } from './progress.js';

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  version?: string;
}

function summary(output: IntrospectDataOutput): string {
  const lines = [
    `${output.dataSource.name} (${output.dataSource.type ?? 'unknown'} ${output.dataSource.serverVersion ?? ''})`.trim(),
  ];
  if (!output.catalog) return lines.join('\n');
  const counts = catalogCounts(output.catalog);
  lines.push(
    `${counts.databases} database(s), ${counts.schemas} schema(s), ${counts.tables} table(s) and view(s), ${counts.columns} column(s)`,
    `${output.stats.queries} queries in ${output.stats.durationMs} ms`,
  );
  for (const database of output.catalog.databases) {
    for (const schema of database.schemas) {
      lines.push(`  ${database.name}.${schema.name}`);
      for (const table of schema.tables) {
        const keys = table.foreignKeys.length ? `, ${table.foreignKeys.length} fk` : '';
        const rows = table.rowCountEstimate !== undefined ? `, ~${table.rowCountEstimate} rows` : '';
        lines.push(
          `    ${table.name} [${table.kind}] ${table.columns.length} columns${keys}${rows}${table.comment ? ` - ${table.comment}` : ''}`,
        );
      }
    }
  }
  for (const warning of output.warnings)
    lines.push(`warning ${warning.code}${warning.scope ? ` (${warning.scope})` : ''}: ${warning.message}`);
  return lines.join('\n');
}

function render(args: CliArguments, output: IntrospectDataOutput): string {
  if (args.format === 'json') return JSON.stringify(output, null, 2);
  if ((args.format === 'markdown' || args.format === 'ddl') && output.catalog) {
    return renderCatalog(output.catalog, {
      format: args.format,
      ...(args.maxTokens ? { maxTokens: args.maxTokens } : {}),
    }).text;
  }
  return summary(output);
}

/** Runs the CLI and returns its exit code; never calls process.exit (the bin does). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let secrets = createRedactor();
  try {
    const args = await parseCliArguments(argv, io.env);
    secrets = createRedactor(collectSecrets(args.credentials));
    if (args.command === 'help') {
      io.stdout.write(`${usage}\n`);
      return ExitCode.ok;
    }
    if (args.command === 'version') {
      io.stdout.write(`${io.version ?? 'unknown'}\n`);
      return ExitCode.ok;
    }
    const credentials = args.credentials ?? (await ensureDemoDatabase());
    if (args.command === 'test-connection') {
      const result = await checkConnection(credentials, io.signal ? { signal: io.signal } : {});
      io.stdout.write(`ok: ${result.type} ${result.serverVersion} (${result.latencyMs} ms)\n`);
      return ExitCode.ok;
    }
    const name = args.name ?? (args.credentials ? credentials.type : 'demo');
    const reporter = createProgressReporter(io.stderr, args.quiet);
    const output = await runIntrospection(credentials, {
      name,
      ...(io.signal ? { signal: io.signal } : {}),
      ...(args.tables.include || args.tables.exclude ? { tables: args.tables } : {}),
      ...(args.schemas.include || args.schemas.exclude ? { schemas: args.schemas } : {}),
      columnStats: args.columnStats,
      fieldValues: args.fieldValues,
      ...(args.timeoutMs ? { timeoutMs: args.timeoutMs } : {}),
      ...(args.maxAttempts ? { maxAttempts: args.maxAttempts } : {}),
      onProgress: (progress) => reporter.onProgress(progress),
      onLog: (record) => reporter.onLog(record),
    });
    reporter.done();
    if (!output.success) {
      io.stderr.write(`error ${output.error?.code}: ${secrets.redactText(output.error?.message ?? '')}\n`);
      if (args.format === 'json') io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      return exitCodeFor(output.error?.code ?? 'INTERNAL');
    }
    const text = render(args, output);
    if (args.out) await writeFile(args.out, `${text}\n`);
    else io.stdout.write(`${text}\n`);
    return output.warnings.length > 0 ? ExitCode.partial : ExitCode.ok;
  } catch (error) {
    const typed = toDatataskError(error);
    io.stderr.write(`error ${typed.code}: ${secrets.redactText(typed.message)}\n`);
    if (isDatataskError(error) && typed.code === 'INVALID_INPUT') io.stderr.write(`\n${usage}\n`);
    return exitCodeFor(typed.code);
  }
}
