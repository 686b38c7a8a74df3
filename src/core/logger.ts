import type { LogFields, Logger, LogLevel, LogRecord } from './context.js';
import type { Redactor } from './redact.js';

/** Receives every log record a run writes, already redacted. */
export type LogSink = (record: LogRecord) => void;

export interface RunLogSource {
  readonly runId: string;
  readonly taskId: string;
  /** Read at each call, so one logger serves every attempt. */
  readonly attempt: number;
}

/** The run's `ctx.logger`: each line is redacted, stamped with run, task, attempt and time, then sent to `sink`. */
export function createRunLogger(source: RunLogSource, redactor: Redactor, now: () => number, sink: LogSink): Logger {
  const write =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      sink({
        level,
        message: redactor.redactText(String(message)),
        fields: fields ? redactor.redact(fields) : {},
        runId: source.runId,
        taskId: source.taskId,
        attempt: source.attempt,
        time: now(),
      });
    };
  return { debug: write('debug'), log: write('log'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** Adapts a runner's `logger` option (a Logger or a record callback) into a sink. */
export function toLogSink(target: Logger | LogSink): LogSink {
  if (typeof target === 'function') return target;
  return (record) => {
    target[record.level](record.message, {
      ...record.fields,
      runId: record.runId,
      taskId: record.taskId,
      attempt: record.attempt,
    });
  };
}
