import type { NamePattern } from '../catalog/filters.js';
import type { IntrospectOptions } from './adapter.js';

/** A glob matching exactly `name`: the glob characters (and the dot, which makes a glob qualified) become `?`. */
function literalGlob(name: string): string {
  return name.replace(/[*?.]/g, '?');
}

/**
 * The filters an introspection runs with when the credentials name a database (a field, or the path of a URL):
 * only that database, unless the filters say otherwise. `level` is where the engine's databases sit in the catalog:
 * `databases` (Snowflake) or `schemas` (MySQL, whose databases are the schemas of one catalog database).
 *
 * The filters say otherwise when they include names at that level, or any database (`databases: { include }`).
 * Excludes narrow the default and are kept.
 */
export function scopeToCredentialsDatabase(
  options: IntrospectOptions,
  database: string | undefined,
  level: 'databases' | 'schemas',
): IntrospectOptions {
  if (!database) return options;
  const given = (pattern: NamePattern | undefined) => (pattern?.include?.length ?? 0) > 0;
  if (given(options.databases) || given(options[level])) return options;
  return { ...options, [level]: { ...options[level], include: [literalGlob(database)] } };
}
