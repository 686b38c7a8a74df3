import { globToLike } from '../../catalog/filters.js';
import type { NamePattern } from '../adapter.js';

/** Collects positional ($n) parameters while a catalog query's text is built. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Pushes an include/exclude glob filter into SQL as ILIKE conditions (LIKE's default escape `\` matches what
 * `globToLike` writes). One parameter per pattern, no arrays, so it also runs on Redshift's leader node.
 * Patterns with a dot are matched against `qualifiedExpr` (schema.table); without one they stay client-side only.
 * Returns `TRUE` when there is nothing to push.
 */
export function nameFilterSql(
  params: SqlParams,
  pattern: NamePattern | undefined,
  nameExpr: string,
  qualifiedExpr?: string,
): string {
  const target = (glob: string) => (glob.includes('.') ? qualifiedExpr : nameExpr);
  const condition = (globs: string[]) =>
    globs.map((glob) => `${target(glob)} ILIKE ${params.add(globToLike(glob))}`).join(' OR ');
  const parts: string[] = [];
  const include = pattern?.include ?? [];
  // An include we cannot express (qualified, without a qualified expression) must not narrow the SQL.
  if (include.length > 0 && include.every((glob) => target(glob) !== undefined)) parts.push(`(${condition(include)})`);
  const exclude = (pattern?.exclude ?? []).filter((glob) => target(glob) !== undefined);
  if (exclude.length > 0) parts.push(`NOT (${condition(exclude)})`);
  return parts.length > 0 ? parts.join(' AND ') : 'TRUE';
}
