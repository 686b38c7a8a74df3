import { Cron } from 'croner';
import { z } from 'zod';
import type { CancelTimer, Clock } from './clock.js';
import { DatataskError, ErrorCode } from './errors.js';
import { defineTask, type TaskDefinition, type TaskOptions } from './task.js';

export interface ScheduleOptions {
  /** Cron pattern, five fields or six with seconds first (croner syntax). */
  cron: string;
  /** IANA time zone the pattern is read in. @default 'UTC' */
  timezone?: string;
}

/** The payload a scheduled run receives (the shape of Trigger.dev's scheduled task payload). */
export const ScheduledPayload = z.object({
  timestamp: z.date(),
  lastTimestamp: z.date().optional(),
  timezone: z.string(),
  scheduleId: z.string(),
  upcoming: z.array(z.date()),
});
export type ScheduledPayload = z.infer<typeof ScheduledPayload>;

export type ScheduledTaskOptions<TOutput> = Omit<
  TaskOptions<typeof ScheduledPayload, TOutput, undefined>,
  'schema' | 'outputSchema'
> &
  ScheduleOptions;

export type ScheduledTaskDefinition<TOutput = unknown> = TaskDefinition<typeof ScheduledPayload, TOutput, undefined> & {
  readonly schedule: Readonly<ScheduleOptions>;
};

/** Parses a pattern once, failing early with a clear error instead of at the first tick. */
export function parseCron(options: ScheduleOptions): Cron {
  try {
    const cron = new Cron(options.cron, { timezone: options.timezone ?? 'UTC', paused: true });
    cron.nextRun(); // an unknown time zone only throws here
    return cron;
  } catch (error) {
    throw new DatataskError(ErrorCode.INVALID_INPUT, `Invalid cron schedule "${options.cron}"`, { cause: error });
  }
}

function scheduledTask<TOutput>(options: ScheduledTaskOptions<TOutput>): ScheduledTaskDefinition<TOutput> {
  const { cron, timezone, ...taskOptions } = options;
  parseCron({ cron, timezone });
  const definition = defineTask({ ...taskOptions, schema: ScheduledPayload });
  return Object.freeze({ ...definition, schedule: Object.freeze({ cron, timezone: timezone ?? 'UTC' }) });
}

/** `schedules.task({ id, cron, timezone?, run })`: a task a runner fires on a cron pattern (as Trigger.dev's). */
export const schedules = Object.freeze({ task: scheduledTask });

export function isScheduledTask(value: unknown): value is ScheduledTaskDefinition {
  return typeof value === 'object' && value !== null && 'schedule' in value && 'kind' in value;
}

export interface CronTimer {
  readonly id: string;
  /** The next time it fires, or undefined once stopped or past its last date. */
  nextRun(): Date | undefined;
  stop(): void;
}

/**
 * Fires `onTick` at every time the pattern matches, on the given clock (so a fake clock drives it in tests).
 * Each next time is computed from the later of the time just due and now, so an early timer never fires twice.
 */
export function startCronTimer(
  clock: Clock,
  id: string,
  options: ScheduleOptions,
  onTick: (payload: ScheduledPayload) => void,
): CronTimer {
  const cron = parseCron(options);
  const timezone = options.timezone ?? 'UTC';
  let next: Date | null = cron.nextRun(new Date(clock.now()));
  let last: Date | undefined;
  let cancel: CancelTimer | undefined;
  let stopped = false;

  const arm = (): void => {
    if (stopped || !next) return;
    const due = next;
    cancel = clock.setTimer(
      due.getTime() - clock.now(),
      () => {
        next = cron.nextRun(new Date(Math.max(due.getTime(), clock.now())));
        const upcoming = next ? cron.nextRuns(5, new Date(next.getTime() - 1)) : [];
        onTick({ timestamp: due, lastTimestamp: last, timezone, scheduleId: id, upcoming });
        last = due;
        arm();
      },
      { background: true },
    );
  };
  arm();

  return {
    id,
    nextRun: () => (stopped || !next ? undefined : next),
    stop: () => {
      stopped = true;
      cancel?.();
    },
  };
}
