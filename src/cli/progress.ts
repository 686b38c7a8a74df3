import type { LogRecord } from '../core/context.js';
import type { IntrospectionProgress } from '../run-introspection.js';
import { formatCounts, formatDuration } from './format.js';

export interface ProgressReporter {
  onProgress(progress: IntrospectionProgress): void;
  onLog(record: LogRecord): void;
  /** Ends the progress display (call in `finally`: it also stops the elapsed-time ticker). */
  done(): void;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressReporterOptions {
  quiet: boolean;
  /** @default Date.now */
  now?: () => number;
  /** How often a TTY line's elapsed time is redrawn between events. @default 1000 */
  tickMs?: number;
}

/**
 * On a TTY: one line per phase, redrawn in place with its step, counts and elapsed time (a ticker keeps the time
 * moving through a long phase); the finished phase's line stays. Elsewhere: one plain log line per event. Both on
 * stderr, so stdout stays data.
 */
export function createProgressReporter(stream: ProgressStream, options: ProgressReporterOptions): ProgressReporter {
  if (options.quiet) return { onProgress() {}, onLog() {}, done() {} };
  return stream.isTTY ? ttyReporter(stream, options) : plainReporter(stream);
}

function ttyReporter(stream: ProgressStream, options: ProgressReporterOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const startedAt = now();
  let current: IntrospectionProgress | undefined;
  let lineOpen = false;
  const line = (progress: IntrospectionProgress) => {
    const counts = formatCounts(progress.counts);
    const step = progress.step && progress.phase === 'introspecting' ? ` (${progress.step})` : '';
    return `  ${progress.phase ?? 'starting'}${step}${counts ? `: ${counts}` : ''}  [${formatDuration(now() - startedAt)}]`;
  };
  const draw = () => {
    if (!current) return;
    stream.write(`\r\x1b[2K${line(current)}`);
    lineOpen = true;
  };
  const closeLine = () => {
    if (lineOpen) stream.write('\n');
    lineOpen = false;
  };
  const ticker = setInterval(draw, options.tickMs ?? 1000);
  ticker.unref();
  return {
    onProgress(progress) {
      if (current && progress.phase !== current.phase) closeLine();
      current = progress;
      draw();
    },
    onLog(record) {
      if (record.level !== 'warn' && record.level !== 'error') return;
      closeLine();
      stream.write(`  ${record.level}: ${record.message}\n`);
      draw();
    },
    done() {
      clearInterval(ticker);
      draw();
      closeLine();
    },
  };
}

function plainReporter(stream: ProgressStream): ProgressReporter {
  return {
    onProgress() {},
    onLog(record) {
      if (record.level === 'debug') return;
      const fields = Object.keys(record.fields).length > 0 ? ` ${JSON.stringify(record.fields)}` : '';
      stream.write(`${new Date(record.time).toISOString()} ${record.level} ${record.message}${fields}\n`);
    },
    done() {},
  };
}
