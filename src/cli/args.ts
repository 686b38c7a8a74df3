import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseConnectionUrl } from '../adapters/connection-url.js';
import type { CredentialsInput } from '../adapters/credentials.js';
import { ValidationError } from '../core/errors.js';

export type Command = 'introspect' | 'test-connection' | 'help' | 'version';

export interface CliArguments {
  command: Command;
  /** Absent: the bundled demo database. */
  credentials?: CredentialsInput;
  name?: string;
  format: 'summary' | 'json' | 'markdown' | 'ddl';
  out?: string;
  tables: { include?: string[]; exclude?: string[] };
  schemas: { include?: string[]; exclude?: string[] };
  columnStats: boolean;
  fieldValues: boolean;
  timeoutMs?: number;
  maxAttempts?: number;
  maxTokens?: number;
  quiet: boolean;
}

export const usage = `Usage:
  datatasks introspect [<connection-url> | --config file.json] [options]
  datatasks test-connection [<connection-url> | --config file.json]

With no source, introspects the bundled demo database (an online shop in DuckDB).

Connection URLs: postgres://user:pass@host:5432/db?sslmode=require, mysql://..., redshift://..., sqlserver://...,
  snowflake://user:pass@account/db?warehouse=W, databricks://token:TOKEN@host/sql/1.0/warehouses/ID,
  bigquery://project?location=EU&keyFile=key.json, duckdb:file.duckdb
  Prefer --config (or DATATASKS_URL) over a password in the command line: shells keep history.

Options:
  --config <file>        credentials as JSON ({ "type": "postgres", "host": ..., ... })
  --json | --markdown | --ddl   output format (default: a summary)
  --out <file>           write the output to a file instead of stdout
  --include <glob>       tables to read (repeatable; schema.table or table)
  --exclude <glob>       tables to skip (repeatable)
  --schema <glob>        schemas to read (repeatable)
  --exclude-schema <glob> schemas to skip (repeatable)
  --column-stats         add per-column statistics
  --field-values         add the distinct values of low-cardinality text columns
  --timeout <ms>         time allowed per attempt
  --attempts <n>         attempts in all (default 3)
  --max-tokens <n>       token budget for --markdown/--ddl
  --name <name>          the data source's name in the output
  --quiet                no progress output
Exit codes: 0 ok, 1 failed, 2 invalid input, 3 connection failed, 4 partial result (warnings).`;

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new ValidationError('arguments', [
      { path: flag, message: `${flag} must be a positive whole number`, code: 'invalid_number' },
    ]);
  }
  return parsed;
}

async function readConfig(file: string): Promise<CredentialsInput> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ValidationError('arguments', [
      {
        path: '--config',
        message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
        code: 'io',
      },
    ]);
  }
  try {
    const parsed = JSON.parse(text) as { credentials?: CredentialsInput } & CredentialsInput;
    // Accept either bare credentials or a { name, credentials } data source.
    return parsed.credentials ?? parsed;
  } catch {
    throw new ValidationError('arguments', [
      { path: '--config', message: `${file} is not valid JSON`, code: 'invalid_json' },
    ]);
  }
}

export async function parseCliArguments(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliArguments> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string' },
        json: { type: 'boolean' },
        markdown: { type: 'boolean' },
        ddl: { type: 'boolean' },
        out: { type: 'string' },
        include: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        schema: { type: 'string', multiple: true },
        'exclude-schema': { type: 'string', multiple: true },
        'column-stats': { type: 'boolean' },
        'field-values': { type: 'boolean' },
        timeout: { type: 'string' },
        attempts: { type: 'string' },
        'max-tokens': { type: 'string' },
        name: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    // parseArgs names the unknown flag; it never holds a secret value of ours.
    throw new ValidationError('arguments', [
      { path: 'argv', message: (error as Error).message, code: 'invalid_arguments' },
    ]);
  }
  const { values, positionals } = parsed as {
    values: Record<string, string | boolean | string[] | undefined>;
    positionals: string[];
  };
  const [commandName, source, ...rest] = positionals;
  const command: Command = values.help ? 'help' : values.version ? 'version' : ((commandName ?? 'help') as Command);
  if (!['introspect', 'test-connection', 'help', 'version'].includes(command)) {
    throw new ValidationError('arguments', [
      // A URL given without a command lands here: never echo past its scheme (a cut-off URL escapes redaction).
      {
        path: 'command',
        message: `unknown command "${String(commandName)
          .replace(/:\/\/.*$/s, '://...')
          .slice(0, 40)}"`,
        code: 'invalid_command',
      },
    ]);
  }
  if (rest.length > 0) {
    throw new ValidationError('arguments', [
      { path: 'argv', message: `unexpected extra arguments (${rest.length})`, code: 'invalid_arguments' },
    ]);
  }
  const formats = (['json', 'markdown', 'ddl'] as const).filter((format) => values[format]);
  if (formats.length > 1) {
    throw new ValidationError('arguments', [
      { path: '--json', message: 'choose one of --json, --markdown, --ddl', code: 'conflict' },
    ]);
  }
  if (source && values.config) {
    throw new ValidationError('arguments', [
      { path: '--config', message: 'give a connection URL or --config, not both', code: 'conflict' },
    ]);
  }
  const url = source ?? (values.config ? undefined : env.DATATASKS_URL);
  const credentials = values.config
    ? await readConfig(values.config as string)
    : url
      ? parseConnectionUrl(url)
      : undefined;
  const list = (key: string) => (values[key] as string[] | undefined)?.filter(Boolean);
  return {
    command,
    ...(credentials ? { credentials } : {}),
    ...(values.name ? { name: values.name as string } : {}),
    format: formats[0] ?? 'summary',
    ...(values.out ? { out: values.out as string } : {}),
    tables: {
      ...(list('include') ? { include: list('include') } : {}),
      ...(list('exclude') ? { exclude: list('exclude') } : {}),
    },
    schemas: {
      ...(list('schema') ? { include: list('schema') } : {}),
      ...(list('exclude-schema') ? { exclude: list('exclude-schema') } : {}),
    },
    columnStats: Boolean(values['column-stats']),
    fieldValues: Boolean(values['field-values']),
    ...(values.timeout ? { timeoutMs: positiveInt(values.timeout as string, '--timeout') } : {}),
    ...(values.attempts ? { maxAttempts: positiveInt(values.attempts as string, '--attempts') } : {}),
    ...(values['max-tokens'] ? { maxTokens: positiveInt(values['max-tokens'] as string, '--max-tokens') } : {}),
    quiet: Boolean(values.quiet),
  };
}
