import type { EventEmitter } from 'eventemitter3';
import type { RunnerEvents } from './runner-events.js';

/** Whether anyone listens, so a run builds an event (and redacts its content) only when it will be seen. */
export function hasListeners(events: EventEmitter<RunnerEvents>, event: keyof RunnerEvents): boolean {
  return events.listenerCount(event) > 0;
}

/**
 * Emits an event without letting a throwing listener break the run that emitted it: the listener's error is
 * rethrown on a later microtask, where the process reports it as any uncaught error (it is not swallowed).
 */
export function emitSafely<E extends keyof RunnerEvents>(
  events: EventEmitter<RunnerEvents>,
  event: E,
  ...args: Parameters<RunnerEvents[E]>
): void {
  try {
    // biome-ignore lint/suspicious/noExplicitAny: eventemitter3's argument tuple type is not inferable here
    (events.emit as any)(event, ...args);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
