import { writeFile } from 'node:fs/promises';
import { checkConnection } from '../adapters/check-connection.js';
import { type CredentialsInput, credentialSecrets } from '../adapters/credentials.js';
import { isDatataskError, toDatataskError } from '../core/errors.js';
import { createRedactor, type Redactor } from '../core/redact.js';
import { ensureDemoDatabase } from '../demo/demo-database.js';
import { runIntrospection } from '../run-introspection.js';
import type { IntrospectDataOutput } from '../tasks/introspect-data/interfaces.js';
import { type CliArguments, parseCliArguments } from './args.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { filterWarnings, render } from './output.js';
import { createProgressReporter, type ProgressStream } from './progress.js';
import { commandUsage, usage } from './usage.js';

export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: the run stops, closes its connection, and the CLI exits 130. */
  signal?: AbortSignal;
  version?: string;
}

const interruptedMessage = (command: string) =>
  `interrupted: ${command} stopped and its connection closed (exit code ${ExitCode.interrupted})\n`;

async function testConnection(args: CliArguments, credentials: CredentialsInput, io: CliIo): Promise<number> {
  const result = await checkConnection(credentials, io.signal ? { signal: io.signal } : {});
  if (io.signal?.aborted) {
    io.stderr.write(interruptedMessage('test-connection'));
    return ExitCode.interrupted;
  }
  if (!result.success) {
    io.stderr.write(`error ${result.error.code}: ${result.error.message}\n`);
    return exitCodeFor(result.error.code);
  }
  const name = args.name ? `${args.name}: ` : '';
  io.stdout.write(`ok: ${name}${result.type} ${result.serverVersion} (${result.latencyMs} ms)\n`);
  return ExitCode.ok;
}

async function introspect(args: CliArguments, credentials: CredentialsInput, io: CliIo, secrets: Redactor) {
  const reporter = createProgressReporter(io.stderr, { quiet: args.quiet });
  let output: IntrospectDataOutput;
  try {
    output = await runIntrospection(credentials, {
      name: args.name ?? (args.credentials ? credentials.type : 'demo'),
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
  } finally {
    reporter.done();
  }
  if (io.signal?.aborted) {
    io.stderr.write(interruptedMessage('introspect'));
    return ExitCode.interrupted;
  }
  if (!output.success) {
    io.stderr.write(`error ${output.error?.code}: ${secrets.redactText(output.error?.message ?? '')}\n`);
    if (args.format === 'json') io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return exitCodeFor(output.error?.code ?? 'INTERNAL');
  }
  const text = render(args, output);
  if (args.out) await writeFile(args.out, `${text}\n`);
  else io.stdout.write(`${text}\n`);
  const unmatched = filterWarnings(args, output);
  for (const warning of unmatched) io.stderr.write(`warning: ${warning}\n`);
  return output.warnings.length > 0 || unmatched.length > 0 ? ExitCode.partial : ExitCode.ok;
}

/** Runs the CLI and returns its exit code; never calls process.exit (the bin does). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let secrets = createRedactor();
  try {
    const args = await parseCliArguments(argv, io.env);
    secrets = createRedactor(credentialSecrets(args.credentials));
    if (args.command === 'help') {
      io.stdout.write(`${args.helpFor ? commandUsage[args.helpFor] : usage}\n`);
      return ExitCode.ok;
    }
    if (args.command === 'version') {
      io.stdout.write(`${io.version ?? 'unknown'}\n`);
      return ExitCode.ok;
    }
    const credentials = args.credentials ?? (await ensureDemoDatabase());
    if (args.command === 'test-connection') return await testConnection(args, credentials, io);
    return await introspect(args, credentials, io, secrets);
  } catch (error) {
    // Named from the known commands only: argv may hold a connection URL.
    const command = argv.find((arg): arg is keyof typeof commandUsage => Object.hasOwn(commandUsage, arg));
    if (io.signal?.aborted) {
      io.stderr.write(interruptedMessage(command ?? 'datatasks'));
      return ExitCode.interrupted;
    }
    const typed = toDatataskError(error);
    io.stderr.write(`error ${typed.code}: ${secrets.redactText(typed.message)}\n`);
    if (isDatataskError(error) && typed.code === 'INVALID_INPUT') {
      io.stderr.write(`\nRun "datatasks ${command ? `${command} ` : ''}--help" for the options.\n`);
    }
    return exitCodeFor(typed.code);
  }
}
