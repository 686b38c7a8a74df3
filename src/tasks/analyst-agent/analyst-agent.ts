import type { AdapterFactoryOptions } from '../../adapters/adapter.js';
import type { CredentialResolvers } from '../../adapters/credential-reference.js';
import { credentialSecrets } from '../../adapters/credentials.js';
import type { RunContext } from '../../core/context.js';
import { DatataskError, ErrorCode } from '../../core/errors.js';
import { type AnyTaskDefinition, defineTask } from '../../core/task.js';
import { createIntrospectDataTask, introspectDataTask } from '../introspect-data/introspect-data.js';
import { type AgentState, createAgentState } from './agent-state.js';
import { AnalystAgentInput, AnalystAgentOutput, type AnalystPhase } from './interfaces.js';
import { createModelClient, type ModelClientOptions } from './model-client.js';
import { analyze, type Conversation, modelTurn } from './phases/analyze.js';
import { initialize } from './phases/initialize.js';
import { review } from './phases/review.js';
import { searchContext } from './phases/search.js';
import { analyzePrompt, planPrompt, reviewFeedback } from './prompts.js';

export interface AnalystAgentDependencies {
  /** Anthropic client settings; by default ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL) from the environment. */
  model?: ModelClientOptions;
  adapterOptions?: AdapterFactoryOptions;
  /** Resolvers for credential references by scheme (env: is built in); also given to child introspections. */
  credentialResolvers?: CredentialResolvers;
  /**
   * The introspect-data definition child runs use (register the same one in your runner).
   * @default introspectDataTask, or one built with `credentialResolvers` when they are given
   */
  introspectTask?: AnyTaskDefinition;
}

function setPhase(ctx: RunContext, phase: AnalystPhase): void {
  ctx.metadata.set('phase', phase);
  ctx.logger.info(`phase ${phase}`);
}

async function closeSources(state: AgentState, ctx: RunContext): Promise<void> {
  await Promise.all(
    [...state.sources.values()].map((session) =>
      session.adapter
        .close()
        .catch((error: unknown) =>
          ctx.logger.warn('closing a data source failed', { dataSource: session.name, error }),
        ),
    ),
  );
}

/** Builds the analyst-agent task; `analystAgentTask` is this with the default dependencies. */
export function createAnalystAgentTask(dependencies: AnalystAgentDependencies = {}) {
  // The attempt's state, so `cleanup` can close its sources even when an abort ended the attempt early.
  const attempts = new WeakMap<RunContext, AgentState>();
  const sources = {
    ...(dependencies.adapterOptions ? { adapterOptions: dependencies.adapterOptions } : {}),
    ...(dependencies.credentialResolvers ? { credentialResolvers: dependencies.credentialResolvers } : {}),
    introspectTask:
      dependencies.introspectTask ??
      (dependencies.credentialResolvers
        ? createIntrospectDataTask({ credentialResolvers: dependencies.credentialResolvers })
        : introspectDataTask),
  };
  return defineTask({
    id: 'analyst-agent',
    description: 'Answers a question over the introspected catalog with read-only SQL, and returns verified artifacts.',
    schema: AnalystAgentInput,
    outputSchema: AnalystAgentOutput,
    maxDuration: 1800,
    // Overload and rate limits are retried with backoff; a bad key, bad input or MAX_STEPS are not.
    retry: { maxAttempts: 3, factor: 2, minTimeoutInMs: 2000, maxTimeoutInMs: 30_000, randomize: true },
    run: async (input, ctx) => {
      const { options } = input;
      for (const source of input.dataSources) ctx.redact.addSecrets(...credentialSecrets(source.credentials));
      setPhase(ctx, 'initializing');
      // The key is checked before any connection is opened.
      const model = await createModelClient(dependencies.model);
      ctx.redact.addSecrets(model.secret);
      const state = createAgentState();
      attempts.set(ctx, state);
      const closeOnAbort = () => void closeSources(state, ctx);
      ctx.signal.addEventListener('abort', closeOnAbort, { once: true });
      try {
        await initialize(input, state, ctx, sources);

        setPhase(ctx, 'searching');
        const context = searchContext(state, input.query, options);
        ctx.metadata.set('candidateTables', context.tables);

        setPhase(ctx, 'planning');
        const conversation: Conversation = {
          messages: [{ role: 'user', content: planPrompt(input.query, context.text) }],
        };
        const planMessage = await modelTurn(model, conversation, state, options, ctx, false);
        state.plan = planMessage.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n');
        conversation.messages.push({ role: 'user', content: analyzePrompt() });

        let remaining = options.maxSteps;
        for (;;) {
          setPhase(ctx, 'analyzing');
          const usedBefore = state.usage.steps;
          const outcome = await analyze(model, conversation, state, options, ctx, remaining);
          remaining -= state.usage.steps - usedBefore;
          if (outcome === 'out-of-steps') {
            throw new DatataskError(
              ErrorCode.MAX_STEPS_EXCEEDED,
              `No verified answer within maxSteps (${options.maxSteps}) tool-loop turns`,
            );
          }
          setPhase(ctx, 'reviewing');
          const problems = await review(state, input.query, options, ctx);
          if (problems.length === 0) break;
          ctx.logger.warn('review found problems', { problems });
          if (remaining <= 0) {
            throw new DatataskError(
              ErrorCode.MAX_STEPS_EXCEEDED,
              `The answer failed review and no steps are left: ${problems.join('; ')}`,
            );
          }
          conversation.messages.push({ role: 'user', content: reviewFeedback(problems) });
        }
        setPhase(ctx, 'completed');
        return {
          success: true,
          sessionId: input.sessionId,
          result: { response: state.answer ?? '', plan: state.plan, artifacts: state.artifacts, usage: state.usage },
        };
      } catch (error) {
        setPhase(ctx, 'failed');
        // An analysis that ran out of steps is a finished run with a failed outcome: report what was built.
        if (error instanceof DatataskError && error.code === ErrorCode.MAX_STEPS_EXCEEDED) {
          return {
            success: false,
            sessionId: input.sessionId,
            result: { response: state.answer ?? '', plan: state.plan, artifacts: state.artifacts, usage: state.usage },
            error: { code: error.code, message: error.message },
          };
        }
        throw error;
      } finally {
        ctx.signal.removeEventListener('abort', closeOnAbort);
        await closeSources(state, ctx);
      }
    },
    cleanup: async ({ ctx }) => {
      const state = attempts.get(ctx);
      attempts.delete(ctx);
      if (state) await closeSources(state, ctx);
    },
  });
}

export const analystAgentTask = createAnalystAgentTask();
