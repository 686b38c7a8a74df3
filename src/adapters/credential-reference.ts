import { z } from 'zod';
import { DatataskError, type DatataskErrorOptions, ErrorCode, isRetriable } from '../core/errors.js';
import { REDACTED } from '../core/redact.js';
import { parseConnectionUrl } from './connection-url.js';
import { withUserAlias } from './credential-keys.js';
import {
  CheckedCredentials,
  type Credentials,
  type CredentialsInput,
  credentialSecrets,
  parseCredentials,
} from './credentials.js';

const referencePattern = /^([a-z][a-z0-9+.-]*):(.+)$/;
const holdsUrlPassword = /:\/\/[^\s@]*:[^\s@]+@/;
/** A reference holding a password by mistake is not shown at all; others are named in messages. */
const displayRef = (ref: string): string => (holdsUrlPassword.test(ref) ? REDACTED : ref);

/**
 * Names credentials instead of carrying them: `{ ref: 'env:PG_URL' }` (an environment variable of the worker
 * holding a connection URL or a JSON credentials object) or `{ ref: 'vault:source-42' }` for a resolver the
 * application supplies. Safe to put in payloads, queues and logs.
 */
export const CredentialsReference = z
  .object({
    type: z.literal('reference').optional(),
    /** `scheme:id`, e.g. env:PG_URL. */
    ref: z
      .string()
      .max(500)
      .regex(referencePattern, 'ref must look like scheme:id, e.g. env:PG_URL or vault:source-42')
      .refine((ref) => !holdsUrlPassword.test(ref), 'ref must name the credentials, not contain a password'),
  })
  .strict();
export type CredentialsReference = z.infer<typeof CredentialsReference>;

const CredentialsOrReferenceUnion = z.discriminatedUnion('type', [CredentialsReference, CheckedCredentials]);
export type CredentialsOrReference = z.infer<typeof CredentialsOrReferenceUnion>;
export type CredentialsOrReferenceInput = CredentialsReference | CredentialsInput;

/**
 * Inline credentials or a reference to them (what a data source's `credentials` accepts). Strict like Credentials,
 * with the same `username` alias of `user`.
 */
export const CredentialsOrReference = z.preprocess<
  unknown,
  typeof CredentialsOrReferenceUnion,
  CredentialsOrReferenceInput
>(withUserAlias, CredentialsOrReferenceUnion);

export interface ParsedReference {
  /** The whole reference, e.g. vault:source-42. */
  ref: string;
  scheme: string;
  id: string;
}

/**
 * Looks a reference up (in a vault, a secrets manager, the platform's own database). Returns credentials, a
 * connection URL or JSON credentials text, or undefined when there is no such entry. Runs inside the run (worker
 * side); a thrown error is retried unless it is a non-retriable DatataskError.
 */
export type CredentialResolver = (
  reference: ParsedReference,
  options: { signal: AbortSignal },
) => CredentialsInput | string | undefined | null | Promise<CredentialsInput | string | undefined | null>;

/** Resolvers by scheme; `env` is built in (and can be replaced). */
export type CredentialResolvers = Readonly<Record<string, CredentialResolver>>;

/** A reference that could not be resolved; the message names the reference, never a secret. */
export class CredentialResolutionError extends DatataskError {
  readonly ref: string;
  constructor(ref: string, reason: string, options: DatataskErrorOptions = {}) {
    const shown = displayRef(ref);
    super(ErrorCode.CREDENTIALS_UNRESOLVED, `Credentials reference "${shown}" ${reason}`, {
      ...options,
      details: { ref: shown, ...options.details },
    });
    this.name = 'CredentialResolutionError';
    this.ref = shown;
  }
}

export function isCredentialsReference(value: unknown): value is CredentialsReference {
  return typeof (value as { ref?: unknown } | null)?.ref === 'string';
}

export interface ResolveCredentialsOptions {
  /** Resolvers by scheme, supplied by the application. @default {} (only env:) */
  resolvers?: CredentialResolvers;
  /** Where env: references are read. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
  /** Receives every secret as soon as it is known (before validation), e.g. the run's `ctx.redact.addSecrets`. */
  addSecrets?: (...values: string[]) => void;
}

function envResolver(env: Readonly<Record<string, string | undefined>>): CredentialResolver {
  return ({ id }) => {
    const value = env[id];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
}

/** A resolved string is a connection URL or JSON credentials; JSON parse errors are not echoed (they quote input). */
function fromText(ref: string, text: string): CredentialsInput {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    try {
      return parseConnectionUrl(trimmed);
    } catch (error) {
      // parseConnectionUrl never echoes the URL.
      const reason = error instanceof Error ? error.message.replace(/^Invalid connection URL: url: /, '') : '';
      throw new CredentialResolutionError(ref, `holds an invalid connection URL: ${reason}`, {
        cause: error,
        retriable: false,
      });
    }
  }
  try {
    return JSON.parse(trimmed) as CredentialsInput;
  } catch {
    throw new CredentialResolutionError(ref, 'holds text that is neither a connection URL nor valid JSON', {
      retriable: false,
    });
  }
}

async function lookUp(
  parsed: ParsedReference,
  resolver: CredentialResolver,
  signal: AbortSignal,
): Promise<CredentialsInput | string> {
  let value: Awaited<ReturnType<CredentialResolver>>;
  try {
    value = await resolver(parsed, { signal });
  } catch (error) {
    if (error instanceof CredentialResolutionError) throw error;
    throw new CredentialResolutionError(parsed.ref, 'could not be looked up', {
      cause: error,
      retriable: isRetriable(error),
    });
  }
  if (value === undefined || value === null) {
    const where = parsed.scheme === 'env' ? `: environment variable ${parsed.id} is not set` : ': no such entry';
    throw new CredentialResolutionError(parsed.ref, `was not found${where}`, { retriable: false });
  }
  return value;
}

/**
 * Turns a data source's `credentials` into validated credentials. Inline ones are validated as they are; a
 * reference is resolved by its scheme's resolver (env: built in) and then validated. Every secret is handed to
 * `addSecrets` before validation, so no error or log can show it. Failures are CredentialResolutionError
 * (CREDENTIALS_UNRESOLVED) naming the reference.
 */
export async function resolveCredentials(
  value: CredentialsOrReferenceInput | CredentialsInput,
  options: ResolveCredentialsOptions = {},
): Promise<Credentials> {
  const addSecrets = options.addSecrets ?? (() => {});
  if (!isCredentialsReference(value)) {
    addSecrets(...credentialSecrets(value));
    return parseCredentials(value);
  }
  const ref = value.ref;
  const match = referencePattern.exec(ref);
  if (!match) throw new CredentialResolutionError(ref, 'is not of the form scheme:id', { retriable: false });
  const parsed: ParsedReference = { ref, scheme: match[1]!, id: match[2]! };
  const resolvers: CredentialResolvers = { env: envResolver(options.env ?? process.env), ...options.resolvers };
  const resolver = resolvers[parsed.scheme];
  if (!resolver) {
    const known = Object.keys(resolvers).join(', ');
    throw new CredentialResolutionError(ref, `has no resolver for scheme "${parsed.scheme}" (known: ${known})`, {
      retriable: false,
    });
  }
  const signal = options.signal ?? new AbortController().signal;
  const raw = await lookUp(parsed, resolver, signal);
  if (typeof raw === 'string') addSecrets(raw);
  const candidate = typeof raw === 'string' ? fromText(ref, raw) : raw;
  addSecrets(...credentialSecrets(candidate));
  if (isCredentialsReference(candidate)) {
    throw new CredentialResolutionError(ref, 'resolved to another reference', { retriable: false });
  }
  try {
    return parseCredentials(candidate);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid credentials: /, '') : 'invalid';
    throw new CredentialResolutionError(ref, `resolved to invalid credentials: ${reason}`, {
      cause: error,
      retriable: false,
    });
  }
}
