import type Anthropic from '@anthropic-ai/sdk';
import type { RunContext } from '../../core/context.js';
import { DatataskError, ErrorCode } from '../../core/errors.js';
import type { AgentState } from './agent-state.js';
import { type Conversation, trimHistory, withCacheBreakpoint } from './conversation.js';
import type { AnalystOptions } from './interfaces.js';
import type { ModelClient } from './model-client.js';
import { withModelRetries } from './model-retry.js';
import { anthropicTools } from './tools/definitions.js';

/** max_tokens is doubled at most up to this when a tool call was cut (a tool call cannot be continued). */
const maxTokensCeiling = 64_000;

export const continuePrompt =
  'Your previous reply was cut off at the output token limit. Continue exactly where it stopped, without repeating.';

function addUsage(state: AgentState, usage: Anthropic.Usage): void {
  state.usage.inputTokens += usage.input_tokens ?? 0;
  state.usage.outputTokens += usage.output_tokens ?? 0;
  state.usage.cacheReadInputTokens += usage.cache_read_input_tokens ?? 0;
  state.usage.cacheCreationInputTokens += usage.cache_creation_input_tokens ?? 0;
}

/** Tool definitions with a cache breakpoint on the last one: tools come first in the cached prefix. */
function cachedTools(): Anthropic.Tool[] {
  const tools = anthropicTools() as Anthropic.Tool[];
  const last = tools.at(-1);
  if (last) tools[tools.length - 1] = { ...last, cache_control: { type: 'ephemeral' } };
  return tools;
}

/** Appends a continuation's blocks; text continuing text is joined into one block. */
function merge(into: Anthropic.ContentBlock[], blocks: Anthropic.ContentBlock[]): Anthropic.ContentBlock[] {
  const out = [...into];
  for (const block of blocks) {
    const last = out.at(-1);
    if (last?.type === 'text' && block.type === 'text' && out.length === into.length) {
      out[out.length - 1] = { ...last, text: last.text + block.text };
    } else out.push(block);
  }
  return out;
}

const fail = (code: ErrorCode, message: string, details: Record<string, unknown>) =>
  new DatataskError(code, message, { retriable: false, details });

interface TurnRequest {
  conversation: Conversation;
  messages: Anthropic.MessageParam[];
  maxTokens: number;
  tools: Anthropic.Tool[];
  mode: 'plan' | 'tools';
}

/** One Messages API call, transient failures retried inside the turn. */
function callModel(
  model: ModelClient,
  request: TurnRequest,
  state: AgentState,
  options: AnalystOptions,
  ctx: RunContext,
): Promise<Anthropic.Message> {
  const params = {
    model: options.model,
    max_tokens: request.maxTokens,
    system: request.conversation.system,
    messages: request.messages,
    tools: request.tools,
    ...(request.mode === 'plan' ? { tool_choice: { type: 'none' as const } } : {}),
  };
  // The model client's reply type is structural (no SDK types in our public d.ts); what arrives is the SDK's Message.
  const call = () =>
    model.create(params, {
      signal: ctx.signal,
      stream: options.enableStreaming,
      onText: (text) => ctx.metadata.set('draft', text.slice(-2000)),
    }) as unknown as Promise<Anthropic.Message>;
  return withModelRetries(call, {
    signal: ctx.signal,
    wait: ctx.wait,
    logger: ctx.logger,
    retries: options.modelRetries,
    maxDelayMs: options.maxRetryDelayMs,
    onRetry: () => state.usage.modelRetries++,
  });
}

/**
 * One model turn with every stop reason handled: `end_turn`/`tool_use`/`stop_sequence` end it; `max_tokens` in text
 * is continued (a user message asks for the rest, the parts are joined), in a tool call it is redone with a doubled
 * `max_tokens`; `pause_turn` is resumed by sending the paused content back; `refusal` fails with MODEL_REFUSED; a
 * full context window trims the history once more. Transient API errors are retried inside the turn. Every
 * request carries the tools (plan turns with tool_choice none) so tools + system stay one cached prefix.
 */
export async function modelTurn(
  model: ModelClient,
  conversation: Conversation,
  state: AgentState,
  options: AnalystOptions,
  ctx: RunContext,
  mode: 'plan' | 'tools',
): Promise<Anthropic.Message> {
  state.usage.steps++;
  ctx.metadata.set('steps', state.usage.steps);
  const trimmed = trimHistory(conversation, options.historyTokens);
  if (trimmed > 0) ctx.logger.info('trimmed old tool results to keep the history within budget', { trimmed });
  const tools = cachedTools();
  let maxTokens = options.maxTokens;
  /** Content of a paused turn: sent back as the last (assistant) message, which the API resumes from. */
  let paused: Anthropic.ContentBlock[] | undefined;
  let content: Anthropic.ContentBlock[] = [];
  let continuations = 0;
  let contextTrimmed = false;
  const details = { steps: state.usage.steps, maxTokens: options.maxTokens };
  for (;;) {
    const messages = withCacheBreakpoint(
      paused ? [...conversation.messages, { role: 'assistant', content: paused }] : conversation.messages,
    );
    const message = await callModel(model, { conversation, messages, maxTokens, tools, mode }, state, options, ctx);
    addUsage(state, message.usage);
    const stop = message.stop_reason;
    if (stop === 'refusal') {
      throw fail(ErrorCode.MODEL_REFUSED, 'The model declined to answer this question (stop_reason refusal)', details);
    }
    if (stop === 'model_context_window_exceeded') {
      if (contextTrimmed) {
        throw fail(
          ErrorCode.MODEL_OUTPUT_TRUNCATED,
          "The conversation fills the model's context window even after trimming its history: lower options.historyTokens or options.catalogTokens",
          { ...details, stopReason: stop },
        );
      }
      contextTrimmed = true;
      trimHistory(conversation, Math.floor(options.historyTokens / 2));
      continue;
    }
    if (stop !== 'max_tokens' && stop !== 'pause_turn') {
      const whole = paused ? merge(paused, message.content) : message.content;
      conversation.messages.push({ role: 'assistant', content: whole });
      return { ...message, content: merge(content, whole) };
    }
    if (continuations >= options.maxContinuations) {
      throw fail(
        ErrorCode.MODEL_OUTPUT_TRUNCATED,
        `A model turn stayed incomplete (stop_reason ${stop}) after ${continuations} continuation(s); raise options.maxTokens`,
        { ...details, stopReason: stop },
      );
    }
    continuations++;
    if (stop === 'pause_turn') {
      paused = paused ? merge(paused, message.content) : message.content;
      ctx.logger.info('model turn paused by the API, resuming', { continuation: continuations });
    } else if (message.content.some((block) => block.type !== 'text') || message.content.length === 0) {
      // A cut tool call has incomplete input and cannot be continued: ask again with room for it.
      maxTokens = Math.min(maxTokensCeiling, maxTokens * 2);
      ctx.logger.info('tool call cut at max_tokens, asking again with more room', { maxTokens });
    } else {
      const whole = paused ? merge(paused, message.content) : message.content;
      paused = undefined;
      content = merge(content, whole);
      conversation.messages.push({ role: 'assistant', content: whole });
      conversation.messages.push({ role: 'user', content: continuePrompt });
      ctx.logger.info('model turn cut at max_tokens, continuing', { continuation: continuations });
    }
  }
}
