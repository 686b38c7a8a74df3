import { readFile } from 'node:fs/promises';
import { CheckedCredentials, Credentials, type CredentialsInput, credentialSecrets } from '../adapters/credentials.js';
import { unknownNameMessage } from '../core/closest-name.js';
import { ValidationError, type ValidationIssue } from '../core/errors.js';
import { createRedactor } from '../core/redact.js';
import { zodIssues } from '../core/validate.js';

const engineTypes = CheckedCredentials.options.map((option) => option.shape.type.value);
const dataSourceKeys = ['name', 'credentials'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function unknownKeys(value: Record<string, unknown>, known: string[], prefix: string): ValidationIssue[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => ({
      path: `${prefix}${key}`,
      message: unknownNameMessage('key', key, known),
      code: 'unrecognized_keys',
    }));
}

/**
 * Checks a config file before anything connects. A typo would otherwise be dropped in silence (`hots` for `host`
 * then fails as "host is required"): the wrapper's keys and the credentials (strict, nested objects included) are
 * validated here, every unknown key named with the closest valid one.
 */
export function checkConfigKeys(config: unknown): ValidationIssue[] {
  if (!isObject(config)) return [{ path: '(root)', message: 'expected a JSON object', code: 'invalid_type' }];
  const wrapped = 'credentials' in config;
  const issues = wrapped ? unknownKeys(config, dataSourceKeys, '') : [];
  if (wrapped && config.name !== undefined && typeof config.name !== 'string') {
    issues.push({ path: 'name', message: 'name must be a string', code: 'invalid_type' });
  }
  const credentials = wrapped ? config.credentials : config;
  const prefix = wrapped ? 'credentials.' : '';
  if (!isObject(credentials))
    return [...issues, { path: `${prefix}(root)`, message: 'expected an object', code: 'invalid_type' }];
  const type = credentials.type;
  if (typeof type !== 'string' || !engineTypes.includes(type as (typeof engineTypes)[number])) {
    const message =
      typeof type === 'string'
        ? unknownNameMessage('type', type, engineTypes)
        : `type is required (one of: ${engineTypes.join(', ')})`;
    return [...issues, { path: `${prefix}type`, message, code: 'invalid_value' }];
  }
  const parsed = Credentials.safeParse(credentials);
  if (parsed.success) return issues;
  // Messages name fields, not values; redacted all the same, as parseCredentials does.
  const redactor = createRedactor(credentialSecrets(credentials));
  const found = zodIssues(parsed.error, Credentials, credentials).map((issue) => ({
    path: `${prefix}${issue.path || '(root)'}`,
    message: redactor.redactText(issue.message),
    code: issue.code,
  }));
  return [...issues, ...found];
}

/** Reads credentials from a JSON file: bare credentials or a `{ name, credentials }` data source. */
export async function readConfigFile(file: string): Promise<{ credentials: CredentialsInput; name?: string }> {
  const fail = (message: string, code: string, path = '--config'): never => {
    throw new ValidationError('arguments', [{ path, message, code }]);
  };
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, 'io');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail(`${file} is not valid JSON`, 'invalid_json');
  }
  const issues = checkConfigKeys(parsed);
  if (issues.length > 0) {
    throw new ValidationError(
      `config ${file}`,
      issues.map((issue) => ({ ...issue, path: `--config ${issue.path}` })),
    );
  }
  const config = parsed as { name?: unknown; credentials?: CredentialsInput } & CredentialsInput;
  if (!config.credentials) return { credentials: config };
  return { credentials: config.credentials, ...(typeof config.name === 'string' ? { name: config.name } : {}) };
}
