/** Include and exclude globs for names (databases, schemas, tables). */
export interface NamePattern {
  /** Globs (`*`, `?`) matched against names; a pattern with a dot also matches qualified names (schema.table). */
  include?: string[];
  exclude?: string[];
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/** A compiled include/exclude filter. Names are matched case-insensitively. */
export interface NameFilter {
  matches(name: string, qualifiedName?: string): boolean;
  /** SQL LIKE patterns equivalent to the globs, for pushing the filter into catalog queries. */
  likeIncludes: string[];
  likeExcludes: string[];
  isEmpty: boolean;
}

/** Converts a glob to a LIKE pattern (`*` -> `%`, `?` -> `_`, LIKE wildcards escaped with `\`). */
export function globToLike(glob: string): string {
  return glob
    .replace(/[\\%_]/g, '\\$&')
    .replace(/\*/g, '%')
    .replace(/\?/g, '_');
}

export function compileFilter(pattern: NamePattern | undefined): NameFilter {
  const include = (pattern?.include ?? []).map((glob) => ({
    glob,
    re: globToRegExp(glob),
    qualified: glob.includes('.'),
  }));
  const exclude = (pattern?.exclude ?? []).map((glob) => ({
    glob,
    re: globToRegExp(glob),
    qualified: glob.includes('.'),
  }));
  const test = (entry: { re: RegExp; qualified: boolean }, name: string, qualifiedName?: string) =>
    entry.qualified ? qualifiedName !== undefined && entry.re.test(qualifiedName) : entry.re.test(name);
  return {
    matches(name, qualifiedName) {
      if (include.length > 0 && !include.some((entry) => test(entry, name, qualifiedName))) return false;
      return !exclude.some((entry) => test(entry, name, qualifiedName));
    },
    likeIncludes: include.filter((entry) => !entry.qualified).map((entry) => globToLike(entry.glob)),
    likeExcludes: exclude.filter((entry) => !entry.qualified).map((entry) => globToLike(entry.glob)),
    isEmpty: include.length === 0 && exclude.length === 0,
  };
}
