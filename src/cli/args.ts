import { parseArgs } from 'node:util';
import { parseConnectionUrl } from '../adapters/connection-url.js';
import type { CredentialsInput } from '../adapters/credentials.js';
import { unknownNameMessage } from '../core/closest-name.js';
import { ValidationError } from '../core/errors.js';
import { readConfigFile } from './config-file.js';
import type { CommandName } from './usage.js';

export type Command = 'introspect' | 'test-connection' | 'help' | 'version';

export interface CliArguments {
  command: Command;
  /** With `help`: the command whose options to print (`datatasks introspect --help`). */
  helpFor?: CommandName;
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

function emptyArguments(command: Command): CliArguments {
  return { command, format: 'summary', tables: {}, schemas: {}, columnStats: false, fieldValues: false, quiet: false };
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
  const known: Command[] = ['introspect', 'test-connection', 'help', 'version'];
  if (commandName !== undefined && !known.includes(commandName as Command)) {
    // A URL given without a command lands here: never echo past its scheme (a cut-off URL escapes redaction).
    const shown = commandName.replace(/:\/\/.*$/s, '://...').slice(0, 40);
    throw new ValidationError('arguments', [
      { path: 'command', message: unknownNameMessage('command', shown, known), code: 'invalid_command' },
    ]);
  }
  const named = commandName as Command | undefined;
  if (values.version || named === 'version') return emptyArguments('version');
  if (values.help || named === 'help' || named === undefined) {
    const topic = named === 'help' ? source : named;
    const helpFor = topic === 'introspect' || topic === 'test-connection' ? topic : undefined;
    return { ...emptyArguments('help'), ...(helpFor ? { helpFor } : {}) };
  }
  const command = named;
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
  // An empty variable counts as unset, as in most CLIs (`DATATASKS_URL= datatasks ...`).
  const url = source ?? (values.config ? undefined : env.DATATASKS_URL || env.DATABASE_URL || undefined);
  const config = values.config ? await readConfigFile(values.config as string) : undefined;
  const credentials = config ? config.credentials : url ? parseConnectionUrl(url) : undefined;
  const name = (values.name as string | undefined) ?? config?.name;
  const list = (key: string) => (values[key] as string[] | undefined)?.filter(Boolean);
  return {
    command,
    ...(credentials ? { credentials } : {}),
    ...(name ? { name } : {}),
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
