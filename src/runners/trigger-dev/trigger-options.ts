import { idempotencyKeys } from '@trigger.dev/sdk';
import type { TriggerOptions } from '../../core/context.js';

/** Maps our trigger options onto the SDK's; idempotency keys go through `idempotencyKeys.create`. */
export async function toSdkTriggerOptions(options: TriggerOptions | undefined) {
  if (!options) return undefined;
  return {
    ...(options.idempotencyKey ? { idempotencyKey: await idempotencyKeys.create(options.idempotencyKey) } : {}),
    ...(options.idempotencyKeyTTL ? { idempotencyKeyTTL: `${options.idempotencyKeyTTL}s` } : {}),
    ...(options.delayMs ? { delay: `${Math.ceil(options.delayMs / 1000)}s` } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
    ...(options.maxDuration ? { maxDuration: options.maxDuration } : {}),
  };
}
