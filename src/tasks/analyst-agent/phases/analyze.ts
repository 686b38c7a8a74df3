import type Anthropic from '@anthropic-ai/sdk';
import type { RunContext } from '../../../core/context.js';
import { zodIssues } from '../../../core/validate.js';
import type { AgentState } from '../agent-state.js';
import type { AnalystOptions } from '../interfaces.js';
import type { ModelClient } from '../model-client.js';
import { systemPrompt } from '../prompts.js';
import { anthropicTools, type ToolName, toolInputs } from '../tools/definitions.js';
import { runTool } from '../tools/handlers.js';

export interface Conversation {
  messages: Anthropic.MessageParam[];
}

/** One model turn, with usage, step count and (when streaming) the draft in metadata. */
export async function modelTurn(
  model: ModelClient,
  conversation: Conversation,
  state: AgentState,
  options: AnalystOptions,
  ctx: RunContext,
  withTools: boolean,
): Promise<Anthropic.Message> {
  state.usage.steps++;
  ctx.metadata.set('steps', state.usage.steps);
  // The model client's reply type is structural (see model-client.ts); the SDK's Message is what it is.
  const message = (await model.create(
    {
      model: options.model,
      max_tokens: 4096,
      system: systemPrompt(),
      messages: conversation.messages,
      ...(withTools ? { tools: anthropicTools() } : {}),
    },
    {
      signal: ctx.signal,
      stream: options.enableStreaming,
      onText: (text) => ctx.metadata.set('draft', text.slice(-2000)),
    },
  )) as Anthropic.Message;
  state.usage.inputTokens += message.usage.input_tokens;
  state.usage.outputTokens += message.usage.output_tokens;
  conversation.messages.push({ role: 'assistant', content: message.content });
  return message;
}

function isToolName(name: string): name is ToolName {
  return Object.hasOwn(toolInputs, name);
}

/**
 * The tool loop: model turns until `finish` is called, the model ends its turn with a text answer, or `budget`
 * turns are used. Tool errors go back as `is_error` results so the model can heal.
 */
export async function analyze(
  model: ModelClient,
  conversation: Conversation,
  state: AgentState,
  options: AnalystOptions,
  ctx: RunContext,
  budget: number,
): Promise<'answered' | 'out-of-steps'> {
  for (let turn = 0; turn < budget; turn++) {
    state.answer = undefined;
    const message = await modelTurn(model, conversation, state, options, ctx, true);
    const toolUses = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    if (toolUses.length === 0) {
      const text = message.content
        .filter((block): block is Anthropic.TextBlock => block.type === 'text')
        .map((block) => block.text)
        .join('\n')
        .trim();
      if (text) {
        state.answer = text;
        return 'answered';
      }
      conversation.messages.push({ role: 'user', content: 'Continue with the tools, or call finish with the answer.' });
      continue;
    }
    const results: Anthropic.ToolResultBlockParam[] = [];
    for (const use of toolUses) {
      ctx.logger.info('tool call', { tool: use.name });
      if (!isToolName(use.name)) {
        results.push({
          type: 'tool_result',
          tool_use_id: use.id,
          is_error: true,
          content: `Unknown tool "${use.name}"`,
        });
        continue;
      }
      const parsed = toolInputs[use.name].safeParse(use.input);
      if (!parsed.success) {
        const issues = zodIssues(parsed.error).map((issue) => `${issue.path || '(input)'}: ${issue.message}`);
        results.push({
          type: 'tool_result',
          tool_use_id: use.id,
          is_error: true,
          content: `Invalid input: ${issues.join('; ')}`,
        });
        continue;
      }
      const outcome = await runTool(
        { state, options, signal: ctx.signal, logger: ctx.logger },
        use.name,
        parsed.data as never,
      );
      if (outcome.isError)
        ctx.logger.warn('tool error returned to the model', { tool: use.name, error: outcome.content.slice(0, 500) });
      results.push({
        type: 'tool_result',
        tool_use_id: use.id,
        content: outcome.content,
        ...(outcome.isError ? { is_error: true } : {}),
      });
    }
    conversation.messages.push({ role: 'user', content: results });
    ctx.metadata.set('queries', state.usage.queries).set('artifacts', state.artifacts.length);
    if (state.answer !== undefined) return 'answered';
  }
  return 'out-of-steps';
}
