/**
 * Whether an EXPLAIN statement would run what it explains: `EXPLAIN ANALYZE`, `EXPLAIN ANALYSE`, or an option list
 * naming ANALYZE at all (DuckDB runs the statement even for `(ANALYZE false)`). Reads only the statement's prefix,
 * skipping whitespace and comments (nested block comments too), and answers true when the prefix cannot be read:
 * a read-only path that lets EXPLAIN through must refuse what it cannot tell apart.
 */
export function explainRuns(sql: string): boolean {
  let at = 0;
  const skipSpaceAndComments = (): boolean => {
    for (;;) {
      while (at < sql.length && /\s/.test(sql[at]!)) at++;
      if (sql.startsWith('--', at)) {
        const end = sql.indexOf('\n', at);
        at = end === -1 ? sql.length : end + 1;
      } else if (sql.startsWith('/*', at)) {
        let depth = 0;
        do {
          const opens = sql.startsWith('/*', at);
          if (opens || sql.startsWith('*/', at)) {
            depth += opens ? 1 : -1;
            at += 2;
          } else if (at >= sql.length) return false;
          else at++;
        } while (depth > 0);
      } else return true;
    }
  };
  const word = (): string => {
    const match = /^[A-Za-z_]+/.exec(sql.slice(at));
    at += match?.[0].length ?? 0;
    return match?.[0].toUpperCase() ?? '';
  };
  if (!skipSpaceAndComments() || word() !== 'EXPLAIN' || !skipSpaceAndComments()) return true;
  if (sql[at] === '(') {
    const close = sql.indexOf(')', at);
    if (close === -1) return true;
    const options = sql.slice(at + 1, close);
    if (/analy[sz]e/i.test(options) || /\/\*|--/.test(options)) return true;
    at = close + 1;
    if (!skipSpaceAndComments()) return true;
  }
  const next = word();
  return next === 'ANALYZE' || next === 'ANALYSE';
}
