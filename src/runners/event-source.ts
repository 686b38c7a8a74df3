import { EventEmitter } from 'eventemitter3';
import type { RunnerEventSource, RunnerEvents } from './runner.js';

/** The typed `on`/`once`/`off` every runner (and the BullMQ worker) exposes, over one eventemitter3 emitter. */
export abstract class TypedEventSource implements RunnerEventSource {
  protected readonly events = new EventEmitter<RunnerEvents>();

  on<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this {
    this.events.on(event, listener as never);
    return this;
  }

  once<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this {
    this.events.once(event, listener as never);
    return this;
  }

  off<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this {
    this.events.off(event, listener as never);
    return this;
  }
}
