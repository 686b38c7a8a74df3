/**
 * A Runner over a built Trigger.dev image: each attempt runs in the CLI's TaskRunProcess (the real TaskExecutor),
 * and this class plays the platform between attempts (retry delays from the attempt's result, metadata carried over
 * through the stand-in API). It lets the shared runner behaviour suite run against the real executor. Test code.
 */
import { parsePacket } from '@trigger.dev/core/v3';
import type { MetadataValue } from '../../src/core/context.js';
import { DatataskError, ErrorCode } from '../../src/core/errors.js';
import { errorResult, okResult, type Result } from '../../src/core/result.js';
import type { AnyTaskDefinition } from '../../src/core/task.js';
import { fromTriggerError } from '../../src/runners/trigger-dev/errors.js';
import { SerialRunner } from '../runners/serial-runner.js';
import type { BuiltImage } from './trigger-project.js';
import { type AttemptResult, runAttempt, type StandInApi } from './trigger-worker.js';

/** The attempt's error as the platform stores it (name and message), back into our typed error. */
function errorOf(result: AttemptResult): DatataskError {
  const error = result.error ?? { type: 'INTERNAL_ERROR', message: 'no error in the result' };
  if (error.type === 'INTERNAL_ERROR') {
    // A payload the schema rejected arrives as TASK_INPUT_ERROR carrying the zod issues.
    const typed = fromTriggerError({ message: error.message });
    if (typed.code !== ErrorCode.INTERNAL) return typed;
    return new DatataskError(ErrorCode.INTERNAL, `${error.code ?? 'INTERNAL_ERROR'}: ${error.message ?? ''}`);
  }
  const thrown = Object.assign(new Error(error.message ?? ''), { name: error.name ?? 'Error' });
  return fromTriggerError(thrown);
}

export class TriggerWorkerRunner extends SerialRunner {
  constructor(
    private readonly image: BuiltImage,
    private readonly api: StandInApi,
  ) {
    super('run_worker');
  }

  protected async execute(task: AnyTaskDefinition, payload: unknown, runId: string): Promise<Result<unknown>> {
    const taskId = task.id;
    this.emit('run:start', { runId, taskId, payload });
    for (let attempt = 1; ; attempt++) {
      this.emit('attempt:start', { runId, taskId, attempt });
      const { result } = await runAttempt({
        imageDir: this.image.imageDir,
        workerManifest: this.image.workerManifest,
        contentHash: this.image.buildManifest.contentHash,
        api: this.api,
        taskId,
        payload,
        attempt,
        runId,
        metadata: this.api.metadata.get(runId) ?? {},
      });
      const flushed = result.flushedMetadata as { data?: string; dataType?: string } | undefined;
      if (flushed?.data) this.api.updateMetadata(runId, (await parsePacket(flushed as never)) as never);
      const metadata = (this.api.metadata.get(runId) ?? {}) as Record<string, MetadataValue>;
      this.emit('metadata', { runId, taskId, metadata });
      if (result.ok) {
        const output = await parsePacket({ data: result.output, dataType: String(result.outputType) } as never);
        return okResult(runId, taskId, output);
      }
      const error = errorOf(result);
      // A payload the schema rejected never reached the task's code: like the other runners, no attempt failed.
      if (result.error?.code === 'TASK_INPUT_ERROR') return errorResult(runId, taskId, error);
      const retryDelayMs = result.retry?.delay;
      this.emit('attempt:fail', { runId, taskId, attempt, error, ...(retryDelayMs ? { retryDelayMs } : {}) });
      if (!result.retry) return errorResult(runId, taskId, error);
      // The platform waits out the delay before the next attempt.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, result.retry!.delay)));
    }
  }
}
