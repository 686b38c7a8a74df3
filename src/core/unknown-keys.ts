import type { z } from 'zod';
import { unknownNameMessage } from './closest-name.js';
import type { ValidationIssue } from './errors.js';

type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: unknown): Def => (schema as { def: Def }).def;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

/** The schema under optional, default, pipe and the like. */
function unwrap(schema: z.ZodType, depth = 0): z.ZodType {
  const def = defOf(schema);
  if (depth > 20) return schema;
  if (wrappers.has(def.type)) return unwrap(def.innerType as z.ZodType, depth + 1);
  // A preprocess step (a transform first) is followed by the schema the value is checked against.
  if (def.type === 'pipe')
    return unwrap((defOf(def.in).type === 'transform' ? def.out : def.in) as z.ZodType, depth + 1);
  if (def.type === 'lazy') return unwrap((def.getter as () => z.ZodType)(), depth + 1);
  return schema;
}

/** Every object schema `schema` may stand for, through wrappers and unions. */
function objectsOf(schema: z.ZodType, depth = 0): z.ZodObject[] {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type === 'object') return [inner as z.ZodObject];
  if (def.type !== 'union' || depth > 20) return [];
  return (def.options as z.ZodType[]).flatMap((option) => objectsOf(option, depth + 1));
}

/** A union's option for this input: every literal field (a discriminator) accepts the input's value. */
function objectFor(schema: z.ZodType, input: unknown): z.ZodObject | undefined {
  const value = isRecord(input) ? input : {};
  const fits = objectsOf(schema).filter((object) =>
    Object.entries(object.shape).every(([key, field]) => {
      const literal = isLiteralField(field as z.ZodType);
      return !literal || (field as z.ZodType).safeParse(value[key]).success;
    }),
  );
  // Of the options left, the one that knows most of the input's keys.
  const score = (object: z.ZodObject) => Object.keys(value).filter((key) => key in object.shape).length;
  return fits.sort((a, b) => score(b) - score(a))[0];
}

function isLiteralField(field: z.ZodType): boolean {
  const def = defOf(field);
  if (def.type === 'literal') return true;
  return def.type === 'optional' && defOf(def.innerType).type === 'literal';
}

/** The child schema under `key` of a schema, for the input at that level. */
function childOf(schema: z.ZodType, key: PropertyKey, input: unknown): z.ZodType | undefined {
  const def = defOf(unwrap(schema));
  if (def.type === 'array') return def.element as z.ZodType;
  if (def.type === 'record') return def.valueType as z.ZodType;
  const object = objectFor(schema, input);
  return object ? (object.shape[String(key)] as z.ZodType | undefined) : undefined;
}

/** The keys the object schema at `path` accepts, following the input through wrappers and unions. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] | undefined {
  let current: z.ZodType | undefined = schema;
  let value = input;
  for (const key of path) {
    if (!current) return undefined;
    current = childOf(current, key, value);
    value = isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  const object = current ? objectFor(current, value) : undefined;
  return object ? Object.keys(object.shape) : undefined;
}

/**
 * zod reports the unknown keys of a strict object in one issue on the object; this gives each key its own issue,
 * at the key's path, naming the closest valid key. Only key names are shown, never the values under them (a
 * password under a misspelt key is still a password).
 */
export function unknownKeyIssues(issue: z.core.$ZodIssue, schema: z.ZodType, input: unknown): ValidationIssue[] {
  if (issue.code !== 'unrecognized_keys') return [];
  const known = knownKeysAt(schema, issue.path, input);
  return issue.keys.map((key) => ({
    path: [...issue.path, key].map(String).join('.'),
    message: known ? unknownNameMessage('key', key, known) : `unknown key "${key}"`,
    code: 'unrecognized_keys',
  }));
}
