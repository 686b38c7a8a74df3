import type { z } from 'zod';
import { type ErrorCode, ValidationError, type ValidationIssue } from './errors.js';
import { unknownKeyIssues } from './unknown-keys.js';

/**
 * One issue per problem. Given the schema and the input, an unknown key of a strict object becomes an issue at the
 * key's own path naming the closest valid key (`username: unknown key "username" (did you mean "user"?)`).
 */
export function zodIssues(error: z.ZodError, schema?: z.ZodType, input?: unknown): ValidationIssue[] {
  return error.issues.flatMap((issue) => {
    if (schema && issue.code === 'unrecognized_keys') return unknownKeyIssues(issue, schema, input);
    return [{ path: issue.path.map(String).join('.'), message: issue.message, code: issue.code }];
  });
}

/** Parses with a zod schema, throwing ValidationError that lists every issue path. */
export async function parseWith<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
  code?: ErrorCode,
): Promise<z.output<T>> {
  const parsed = await schema.safeParseAsync(value);
  if (parsed.success) return parsed.data;
  throw new ValidationError(what, zodIssues(parsed.error, schema, value), {
    cause: parsed.error,
    ...(code ? { code } : {}),
  });
}
