import { DatataskError, ErrorCode } from '../../core/errors.js';
import { loadDriver } from '../../core/load-driver.js';

/** The parts of the `bullmq` module this runner uses (inject it with the `bullmq` option). */
export type BullmqModule = Pick<
  typeof import('bullmq'),
  'Queue' | 'Worker' | 'QueueEvents' | 'QueueEventsProducer' | 'UnrecoverableError'
>;

/** Imports `bullmq` on first use (an optional peer dependency), or returns the injected module. */
export async function loadBullmq(injected?: BullmqModule): Promise<BullmqModule> {
  try {
    return await loadDriver<BullmqModule>('bullmq', injected);
  } catch (error) {
    if (error instanceof DatataskError && error.code === ErrorCode.DRIVER_NOT_INSTALLED) {
      throw new DatataskError(
        ErrorCode.DRIVER_NOT_INSTALLED,
        'The BullMQ runner needs the "bullmq" package. Install it with: npm install bullmq ioredis',
        { cause: error.cause, details: { package: 'bullmq' } },
      );
    }
    throw error;
  }
}
