/** Scalar functions common to the engines' catalog SQL; engine-specific ones come from the fake's SqlEnv. */
import { FakeSqlError, type SqlEnv, type SqlValue } from './model.js';
import { compare, toText, truthy } from './values.js';

const aggregates = new Set(['SUM', 'COUNT', 'MIN', 'MAX']);

export const isAggregate = (name: string): boolean => aggregates.has(name.toUpperCase());

type Scalar = (args: SqlValue[], env: SqlEnv) => SqlValue;

const firstPresent: Scalar = (args) => args.find((value) => value !== null) ?? null;
const ifThen: Scalar = (args) => (truthy(args[0] ?? null) === true ? (args[1] ?? null) : (args[2] ?? null));
const text =
  (convert: (value: string) => string): Scalar =>
  ([value]) =>
    value === null || value === undefined ? null : convert(toText(value));

const scalars: Record<string, Scalar> = {
  COALESCE: firstPresent,
  ISNULL: firstPresent,
  IFNULL: firstPresent,
  NVL: firstPresent,
  IF: ifThen,
  IFF: ifThen,
  IIF: ifThen,
  NULLIF: ([a = null, b = null], env) => (compare(a, b, env) === 0 ? null : a),
  UPPER: text((value) => value.toUpperCase()),
  LOWER: text((value) => value.toLowerCase()),
  TRIM: text((value) => value.trim()),
  QUOTENAME: text((value) => `[${value.replace(/]/g, ']]')}]`),
  CONCAT: (args) => args.map((value) => (value === null ? '' : toText(value))).join(''),
  /** Snowflake: an OBJECT of the non-NULL pairs. */
  OBJECT_CONSTRUCT: (args) => {
    const object: Record<string, SqlValue> = {};
    for (let i = 0; i + 1 < args.length; i += 2) {
      if (args[i + 1] !== null) object[toText(args[i]!)] = args[i + 1]!;
    }
    return object;
  },
};

export function callFunction(name: string, args: SqlValue[], env: SqlEnv): SqlValue {
  const scalar = scalars[name.toUpperCase()];
  if (!scalar) throw new FakeSqlError('function', name, `'${name}' is not a recognized function name`);
  return scalar(args, env);
}
