import type { z } from 'zod';
import { type ErrorCode, ValidationError, type ValidationIssue } from './errors.js';

export function zodIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
    code: issue.code,
  }));
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
  throw new ValidationError(what, zodIssues(parsed.error), { cause: parsed.error, ...(code ? { code } : {}) });
}
