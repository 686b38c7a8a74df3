/** The key-level rules of credentials that zod's schemas cannot say: the `username` alias, misspelt secret keys. */
import type { z } from 'zod';
import { closestName } from '../core/closest-name.js';
import { isSecretKey } from '../core/redact.js';

/** Engines whose `user` may also be given as `username` (the name snowflake-sdk, TypeORM, Sequelize, JDBC use). */
const userAliasTypes = new Set(['postgres', 'mysql', 'redshift', 'sqlserver', 'snowflake']);

/**
 * `username` is a documented alias of `user` (postgres, mysql, redshift, sqlserver, snowflake): it becomes `user`.
 * Both at once with different values is an error (which one was meant is a guess). Other input passes unchanged.
 */
export function withUserAlias(value: unknown, ctx: { addIssue(issue: z.core.$ZodRawIssue): void }): unknown {
  if (typeof value !== 'object' || value === null || !('username' in value)) return value;
  const { username, ...rest } = value as Record<string, unknown>;
  if (!userAliasTypes.has(String(rest.type))) return value;
  if (rest.user !== undefined && rest.user !== username) {
    // The message names the fields only: the values are a user name and a guess.
    ctx.addIssue({
      code: 'custom',
      path: ['username'],
      message: 'give user or username (an alias of user), not both with different values',
      input: undefined,
    });
    return value;
  }
  return { ...rest, user: username };
}

/** Field names whose values are secret, for spotting them under a misspelt key. */
const secretFields = ['password', 'token', 'accessToken', 'privateKey', 'privateKeyPassphrase', 'serviceAccountKey'];

/**
 * The values under keys that look like a misspelt secret field (`pasword`, `pwd_`, `tokne`): such credentials fail
 * validation, but the value is still a secret on its way to the error and the logs. `knownFields` are never misspelt.
 */
export function misspeltSecrets(
  value: unknown,
  knownFields: ReadonlySet<string>,
  out: string[] = [],
  depth = 0,
): string[] {
  if (typeof value !== 'object' || value === null || depth > 4) return out;
  for (const [key, inner] of Object.entries(value)) {
    const misspelt = !isSecretKey(key) && !knownFields.has(key) && closestName(key, secretFields) !== undefined;
    if (typeof inner === 'string' && misspelt) out.push(inner);
    else if (typeof inner === 'object') misspeltSecrets(inner, knownFields, out, depth + 1);
  }
  return out;
}
