/** Edit distance (insertions, deletions, substitutions), for "did you mean" hints. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** `user` for `username` or `user_name`, `host` for `hostname`, `password` for `pass`: one name starts the other. */
function prefixMatch(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase().replace(/[-_]/g, '');
  const matches = known.filter((candidate) => {
    const other = candidate.toLowerCase();
    const [short, long] = other.length < lower.length ? [other, lower] : [lower, other];
    return short.length >= 3 && long.startsWith(short);
  });
  // Two candidates would be a guess.
  return matches.length === 1 ? matches[0] : undefined;
}

/** The known name closest to `name`, if it is close enough to be a likely typo (case ignored). */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; score: number } | undefined;
  for (const candidate of known) {
    const score = distance(name.toLowerCase(), candidate.toLowerCase());
    if (!best || score < best.score) best = { name: candidate, score };
  }
  if (!best) return undefined;
  if (best.score <= Math.max(2, Math.floor(best.name.length / 3))) return best.name;
  return prefixMatch(name, known);
}

/** `unknown key "hots" (did you mean "host"?)`, or the list of valid names when none is close. */
export function unknownNameMessage(kind: string, name: string, known: readonly string[]): string {
  const closest = closestName(name, known);
  return closest
    ? `unknown ${kind} "${name}" (did you mean "${closest}"?)`
    : `unknown ${kind} "${name}" (valid: ${known.join(', ')})`;
}
