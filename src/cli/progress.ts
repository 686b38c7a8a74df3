import type { LogRecord } from '../core/context.js';
import type { IntrospectionProgress } from '../tasks/introspect-data/run-introspection.js';

export interface ProgressReporter {
  onProgress(progress: IntrospectionProgress): void;
  onLog(record: LogRecord): void;
  done(): void;
}

/** On a TTY, one line per phase with counts; otherwise plain log lines. Both on stderr, so stdout stays data. */
export function createProgressReporter(stream: NodeJS.WriteStream, quiet: boolean): ProgressReporter {
  if (quiet) return { onProgress() {}, onLog() {}, done() {} };
  if (stream.isTTY) {
    let lastPhase = '';
    return {
      onProgress(progress) {
        const counts = Object.entries(progress.counts)
          .map(([key, value]) => `${value} ${key}`)
          .join(', ');
        const phase = progress.phase ?? '';
        const line = `${phase}${progress.step ? ` (${progress.step})` : ''}${counts ? `: ${counts}` : ''}`;
        if (phase !== lastPhase) stream.write('\n');
        lastPhase = phase;
        stream.write(`\r\x1b[2K  ${line}`);
      },
      onLog(record) {
        if (record.level === 'warn' || record.level === 'error') stream.write(`\n  ${record.level}: ${record.message}`);
      },
      done() {
        stream.write('\n');
      },
    };
  }
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
