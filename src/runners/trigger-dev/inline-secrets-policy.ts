import type { Logger } from '../../core/context.js';
import { NonRetriableError } from '../../core/errors.js';
import { findInlineSecrets } from '../../core/inline-secrets.js';

/**
 * What the wrapper does with a payload carrying inline secrets (passwords, tokens, keys, passwords in URLs), which
 * the platform stores and the worker prints: 'warn' logs a warning naming the paths, 'refuse' fails the run
 * (INLINE_SECRETS, not retried) and refuses to send such child payloads, 'allow' says nothing.
 */
export type InlineSecretsPolicy = 'warn' | 'refuse' | 'allow';

const advice =
  "Trigger.dev stores every payload and its worker prints it: pass credentials by reference instead, e.g. { ref: 'env:PG_URL' } " +
  "(an environment variable of the Trigger.dev project) or a scheme of your credentialResolvers. Set inlineSecrets: 'refuse' to reject such payloads.";

/** The warning or error text; it names paths, never values. */
export function inlineSecretsMessage(what: string, paths: string[]): string {
  return `${what} carries inline secrets at ${paths.join(', ')}. ${advice}`;
}

/** Applies the policy to a payload: logs the warning, or throws INLINE_SECRETS. */
export function enforceInlineSecrets(
  policy: InlineSecretsPolicy,
  what: string,
  payload: unknown,
  logger: Logger,
): void {
  if (policy === 'allow') return;
  const paths = findInlineSecrets(payload);
  if (paths.length === 0) return;
  const message = inlineSecretsMessage(what, paths);
  if (policy === 'refuse') throw new NonRetriableError(message, { code: 'INLINE_SECRETS', details: { paths } });
  logger.warn(message, { inlineSecretPaths: paths });
}
