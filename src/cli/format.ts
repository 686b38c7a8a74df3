/** A duration as people read it: `27 ms`, `4.2 s`, `3 min 05 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** `6 tables, 29 columns`: counts in a fixed order, zero counts kept (a zero is news). */
export function formatCounts(counts: Record<string, number>): string {
  const order = ['databases', 'schemas', 'tables', 'columns'];
  const keys = Object.keys(counts).sort((a, b) => rank(order, a) - rank(order, b));
  return keys.map((key) => `${counts[key]} ${counts[key] === 1 ? singular(key) : key}`).join(', ');
}

function rank(order: string[], key: string): number {
  const index = order.indexOf(key);
  return index === -1 ? order.length : index;
}

function singular(key: string): string {
  if (key === 'databases') return 'database';
  return key.endsWith('s') ? key.slice(0, -1) : key;
}
