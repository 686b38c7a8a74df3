import type Anthropic from '@anthropic-ai/sdk';
import { estimateTokens } from '../../catalog/render.js';

export interface Conversation {
  /** The stable prefix: rules and the catalog excerpt, cached across turns. */
  system: Anthropic.TextBlockParam[];
  messages: Anthropic.MessageParam[];
}

const ephemeral = { type: 'ephemeral' } as const;

/**
 * The messages as sent, with a rolling cache breakpoint on the last block, so each turn reads the previous turns
 * from the cache and writes only the new tail. The conversation itself is not changed.
 */
export function withCacheBreakpoint(messages: Anthropic.MessageParam[]): Anthropic.MessageParam[] {
  const last = messages.at(-1);
  if (!last) return messages;
  const blocks: Anthropic.ContentBlockParam[] =
    typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : [...last.content];
  const tail = blocks.at(-1);
  if (!tail || tail.type === 'thinking' || tail.type === 'redacted_thinking') return messages;
  if (tail.type === 'text' && tail.text.length === 0) return messages;
  blocks[blocks.length - 1] = { ...tail, cache_control: ephemeral } as Anthropic.ContentBlockParam;
  return [...messages.slice(0, -1), { ...last, content: blocks } as Anthropic.MessageParam];
}

/** Estimated tokens of the conversation (4 characters a token, as the catalog renderer counts). */
export function conversationTokens(conversation: Conversation): number {
  return estimateTokens(JSON.stringify(conversation.system)) + estimateTokens(JSON.stringify(conversation.messages));
}

/** Results shorter than this are left alone: trimming them saves nothing. */
const minimumTrimmed = 400;
/** The last messages (the exchange in progress) are never trimmed. */
const keptTail = 2;

function toolNames(messages: Anthropic.MessageParam[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== 'assistant' || typeof message.content === 'string') continue;
    for (const block of message.content) if (block.type === 'tool_use') names.set(block.id, block.name);
  }
  return names;
}

function resultText(block: Anthropic.ToolResultBlockParam): string {
  if (typeof block.content === 'string') return block.content;
  return (block.content ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/**
 * Keeps the conversation within `budgetTokens` by replacing the oldest tool results with a short note (the tool_use /
 * tool_result pairing the API requires stays intact, and artifacts keep the full rows). When over budget it trims
 * down to 75% of it, so the cached prefix is not rewritten on every turn. Returns the results trimmed.
 */
export function trimHistory(conversation: Conversation, budgetTokens: number): number {
  let tokens = conversationTokens(conversation);
  if (tokens <= budgetTokens) return 0;
  const target = Math.floor(budgetTokens * 0.75);
  const names = toolNames(conversation.messages);
  let trimmed = 0;
  const end = conversation.messages.length - keptTail;
  for (let i = 0; i < end && tokens > target; i++) {
    const message = conversation.messages[i] as Anthropic.MessageParam;
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    message.content = message.content.map((block) => {
      if (tokens <= target || block.type !== 'tool_result') return block;
      const text = resultText(block);
      if (text.length < minimumTrimmed) return block;
      const id = /"(queryId|metricId)":"([^"]+)"/.exec(text)?.[2];
      const note = `[${names.get(block.tool_use_id) ?? 'tool'} result of ${text.length} characters trimmed to keep the conversation within its token budget${id ? `; artifact ${id} keeps its rows, run the query again to see them` : ''}]`;
      tokens -= estimateTokens(text) - estimateTokens(note);
      trimmed++;
      return { ...block, content: note };
    });
  }
  return trimmed;
}

/** Cuts a tool result to `maxTokens`, saying what was cut. */
export function boundToolResult(text: string, maxTokens: number, hint: string): string {
  const maxChars = maxTokens * 4;
  if (text.length <= maxChars) return text;
  const note = `\n[cut: ${text.length - maxChars} more characters not shown; ${hint}]`;
  return text.slice(0, Math.max(0, maxChars - note.length)) + note;
}
