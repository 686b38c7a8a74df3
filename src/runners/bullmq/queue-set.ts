import type { Queue, QueueEvents, QueueEventsProducer } from 'bullmq';
import type { BullmqModule } from './load-bullmq.js';
import { type BullmqConnectionOptions, defaultPrefix } from './options.js';
import { runScript } from './redis-scripts.js';

/**
 * How many events a queue's stream keeps (BullMQ's default is 10,000): about five per run, so a producer that falls
 * behind by 20,000 runs still reads every result from the stream (see RunTracker.reconcile for beyond).
 */
const eventStreamLength = 100_000;

/**
 * The BullMQ objects of one producer or worker, one per queue name, created on first use and closed together.
 * QueueEvents start reading at the stream's last entry as of their creation, so no event after that is missed.
 */
export class QueueSet {
  readonly prefix: string;
  private readonly queues = new Map<string, Queue>();
  private readonly events = new Map<string, Promise<QueueEvents>>();
  /** Names whose QueueEvents are ready (their promise resolved). */
  private readonly ready = new Set<string>();
  private readonly publishers = new Map<string, QueueEventsProducer>();

  /** Where connection errors go (BullMQ objects reconnect by themselves; nothing is thrown). */
  readonly onError: (error: Error) => void;

  constructor(
    readonly bullmq: BullmqModule,
    private readonly options: BullmqConnectionOptions,
  ) {
    this.prefix = options.prefix ?? defaultPrefix;
    this.onError = options.onError ?? ((error) => process.emitWarning(error));
  }

  get connectionOptions() {
    return { connection: this.options.connection, prefix: this.prefix };
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new this.bullmq.Queue(name, {
        ...this.connectionOptions,
        streams: { events: { maxLen: eventStreamLength } },
      });
      queue.on('error', this.onError);
      this.queues.set(name, queue);
    }
    return queue;
  }

  listening(name: string): boolean {
    return this.ready.has(name);
  }

  /** The queue's event listener, created once per name with `setup` attaching the listeners. */
  eventsOf(name: string, setup: (events: QueueEvents) => void): Promise<QueueEvents> {
    let pending = this.events.get(name);
    if (!pending) {
      pending = this.openEvents(name, setup);
      this.events.set(name, pending);
    }
    return pending;
  }

  publisher(name: string): QueueEventsProducer {
    let publisher = this.publishers.get(name);
    if (!publisher) {
      publisher = new this.bullmq.QueueEventsProducer(name, this.connectionOptions);
      publisher.on('error', this.onError);
      this.publishers.set(name, publisher);
    }
    return publisher;
  }

  async publish(name: string, fields: { eventName: string; [key: string]: string }): Promise<void> {
    await this.publisher(name).publishEvent(fields, eventStreamLength);
  }

  async close(): Promise<void> {
    const events = await Promise.allSettled(this.events.values());
    const closing: Array<Promise<void>> = [];
    for (const opened of events) if (opened.status === 'fulfilled') closing.push(opened.value.close());
    for (const queue of this.queues.values()) closing.push(queue.close());
    for (const publisher of this.publishers.values()) closing.push(publisher.close());
    const results = await Promise.allSettled(closing);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  private async openEvents(name: string, setup: (events: QueueEvents) => void): Promise<QueueEvents> {
    const queue = this.queue(name);
    const client = await queue.getBackend().client;
    const lastEventId = String(await runScript(client, 'datatasksLastStreamId', [queue.keys.events!]));
    const events = new this.bullmq.QueueEvents(name, { ...this.connectionOptions, lastEventId, autorun: false });
    events.on('error', this.onError);
    setup(events);
    void events.run().catch((error: unknown) => this.onError(error as Error));
    await events.waitUntilReady();
    this.ready.add(name);
    return events;
  }
}
