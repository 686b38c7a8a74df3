import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatCounts, formatDuration } from '../../src/cli/format.js';
import { createProgressReporter } from '../../src/cli/progress.js';
import { closestName } from '../../src/core/closest-name.js';
import { capture, visibleLines } from './cli-io.js';

describe('CLI progress on a TTY', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps the elapsed time moving through a long phase and stops ticking when done', () => {
    vi.useFakeTimers();
    const stream = capture(true);
    let now = 0;
    const reporter = createProgressReporter(stream, { quiet: false, now: () => now });
    reporter.onProgress({ phase: 'introspecting', step: 'columns', counts: { tables: 5000 } });
    now = 75_000;
    vi.advanceTimersByTime(1000);
    expect(visibleLines(stream.text)).toEqual(['  introspecting (columns): 5000 tables  [1 min 15 s]']);
    reporter.onProgress({ phase: 'completed', counts: { tables: 5000, columns: 61_000 } });
    reporter.done();
    const written = stream.text.length;
    now = 200_000;
    vi.advanceTimersByTime(5000);
    expect(stream.text.length).toBe(written);
    expect(visibleLines(stream.text)).toEqual([
      '  introspecting (columns): 5000 tables  [1 min 15 s]',
      '  completed: 5000 tables, 61000 columns  [1 min 15 s]',
    ]);
  });

  it('prints warnings on their own line and nothing at all with --quiet', () => {
    const stream = capture(true);
    const reporter = createProgressReporter(stream, { quiet: false, now: () => 0 });
    reporter.onProgress({ phase: 'introspecting', counts: {} });
    reporter.onLog({ level: 'warn', message: 'catalog warning', fields: {}, time: 0 } as never);
    reporter.done();
    expect(visibleLines(stream.text)).toEqual([
      '  introspecting  [0 ms]',
      '  warn: catalog warning',
      '  introspecting  [0 ms]',
    ]);
    const quiet = capture(true);
    const silent = createProgressReporter(quiet, { quiet: true });
    silent.onProgress({ phase: 'connecting', counts: {} });
    silent.done();
    expect(quiet.text).toBe('');
  });
});

describe('CLI formatting', () => {
  it('rounds durations the way people read them', () => {
    expect(formatDuration(26.676273000000037)).toBe('27 ms');
    expect(formatDuration(999.6)).toBe('1000 ms');
    expect(formatDuration(4_260)).toBe('4.2 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(Number.NaN)).toBe('0 ms');
  });

  it('orders counts and says one table, not one tables', () => {
    expect(formatCounts({ columns: 3, tables: 1, schemas: 2, databases: 1 })).toBe(
      '1 database, 2 schemas, 1 table, 3 columns',
    );
  });

  it('suggests the closest name only when it is a likely typo', () => {
    expect(closestName('hots', ['host', 'port', 'user'])).toBe('host');
    expect(closestName('HOST', ['host'])).toBe('host');
    expect(closestName('warehouse_size', ['host', 'port'])).toBeUndefined();
  });
});
