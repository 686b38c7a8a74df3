import type Anthropic from '@anthropic-ai/sdk';
import type { RunContext } from '../../../core/context.js';
import { zodIssues } from '../../../core/validate.js';
import type { AgentState } from '../agent-state.js';
import type { Conversation } from '../conversation.js';
import type { AnalystOptions } from '../interfaces.js';
import type { ModelClient } from '../model-client.js';
import { modelTurn } from '../model-turn.js';
import { type ToolName, toolInputs } from '../tools/definitions.js';
import { runTool } from '../tools/handlers.js';

export type { Conversation } from '../conversation.js';

/**
 * Records a query result exactly as the tool result showed it to the model (whatever caps the tool applied), so
 * grounding accepts only numbers from rows the model saw.
 */
function recordShown(state: AgentState, name: ToolName, input: unknown, content: string): void {
  if (name !== 'run_sql' && name !== 'create_metric') return;
  let shown: { queryId?: string; metricId?: string; rows?: unknown; rowCount?: number; truncated?: boolean };
  try {
    shown = JSON.parse(content);
  } catch {
    return;
  }
  const artifactId = shown.queryId ?? shown.metricId;
  if (!artifactId || !Array.isArray(shown.rows)) return;
  const rows = shown.rows as Record<string, unknown>[];
  state.shown.push({
    artifactId,
    sql: String((input as { sql?: unknown }).sql ?? ''),
    rows,
    complete: shown.truncated === false && (shown.rowCount ?? rows.length) === rows.length,
  });
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
    const message = await modelTurn(model, conversation, state, options, ctx, 'tools');
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
      else recordShown(state, use.name, parsed.data, outcome.content);
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
