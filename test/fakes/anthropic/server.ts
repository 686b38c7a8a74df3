import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export interface MessagesRequest {
  model: string;
  max_tokens: number;
  stream?: boolean;
  system?: string | Array<{ type: 'text'; text: string; cache_control?: unknown }>;
  tools?: Array<{ name: string; input_schema: unknown; cache_control?: unknown }>;
  tool_choice?: { type: string };
  messages: Array<{ role: string; content: unknown }>;
}

export type StopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

/**
 * One scripted reply: a message, an HTTP error (e.g. 529 overloaded, 401 bad key, with optional headers such as
 * retry-after), or a connection reset (the socket is destroyed before any response).
 */
export type Reply =
  | { content: ContentBlock[]; stopReason?: StopReason }
  | { status: number; errorType: string; message: string; headers?: Record<string, string> }
  | { reset: true }
  /** Streaming only: message_start, then an SSE `error` event (the API's overload in the middle of a stream). */
  | { streamError: string };

export type Turn = Reply | ((request: MessagesRequest) => Reply);

export interface FakeAnthropic {
  url: string;
  requests: MessagesRequest[];
  /** Authorization / x-api-key headers seen, to prove the key is sent and never logged elsewhere. */
  keys: string[];
  /** Turns not yet consumed. */
  remaining(): number;
  close(): Promise<void>;
}

let toolIds = 0;
export const text = (value: string): ContentBlock => ({ type: 'text', text: value });
export const tool = (name: string, input: Record<string, unknown>): ContentBlock => ({
  type: 'tool_use',
  id: `toolu_${++toolIds}`,
  name,
  input,
});

const estimate = (value: unknown) => Math.ceil(JSON.stringify(value ?? '').length / 4);

/**
 * Usage as the API reports it with prompt caching: the prefix up to the last cache breakpoint in tools and system
 * (the stable part) is written on first sight and read after, and input_tokens counts only the rest.
 */
function usageOf(request: MessagesRequest, cache: Set<string>) {
  const tools = request.tools ?? [];
  const system = typeof request.system === 'string' ? [{ type: 'text', text: request.system }] : (request.system ?? []);
  const lastTool = tools.findLastIndex((tool) => tool.cache_control);
  const lastSystem = system.findLastIndex((block) => (block as { cache_control?: unknown }).cache_control);
  const prefix =
    lastSystem >= 0 ? [tools, system.slice(0, lastSystem + 1)] : lastTool >= 0 ? [tools.slice(0, lastTool + 1)] : null;
  const total = estimate(tools) + estimate(system) + estimate(request.messages);
  if (!prefix) return { input_tokens: total, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const key = JSON.stringify(prefix);
  const cached = estimate(prefix);
  const hit = cache.has(key);
  cache.add(key);
  return {
    input_tokens: total - cached,
    cache_creation_input_tokens: hit ? 0 : cached,
    cache_read_input_tokens: hit ? cached : 0,
  };
}

function messageBody(
  reply: Extract<Reply, { content: ContentBlock[] }>,
  model: string,
  usage: ReturnType<typeof usageOf> = { input_tokens: 100, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
) {
  const hasTool = reply.content.some((block) => block.type === 'tool_use');
  return {
    id: `msg_${Math.random().toString(36).slice(2)}`,
    type: 'message',
    role: 'assistant',
    model,
    content: reply.content,
    stop_reason: reply.stopReason ?? (hasTool ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    usage: { ...usage, output_tokens: 20 },
  };
}

/** Writes a message as the Messages API's SSE event sequence. */
function writeStream(res: http.ServerResponse, body: ReturnType<typeof messageBody>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('message_start', {
    type: 'message_start',
    message: { ...body, content: [], stop_reason: null, usage: { ...body.usage, output_tokens: 1 } },
  });
  body.content.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      // Several deltas, as the real API sends.
      for (const piece of block.text.match(/.{1,12}/gs) ?? []) {
        send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
      }
    } else {
      send('content_block_start', { type: 'content_block_start', index, content_block: { ...block, input: {} } });
      send('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    }
    send('content_block_stop', { type: 'content_block_stop', index });
  });
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: body.stop_reason, stop_sequence: null },
    usage: { output_tokens: 20 },
  });
  send('message_stop', { type: 'message_stop' });
  res.end();
}

/** A fake Anthropic Messages API on 127.0.0.1 that replays scripted turns, in order. */
export async function startFakeAnthropic(script: Turn[]): Promise<FakeAnthropic> {
  const turns = [...script];
  const requests: MessagesRequest[] = [];
  const keys: string[] = [];
  const cache = new Set<string>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'not found' } }));
        return;
      }
      keys.push(String(req.headers['x-api-key'] ?? req.headers.authorization ?? ''));
      const request = JSON.parse(raw) as MessagesRequest;
      requests.push(request);
      const turn = turns.shift();
      const reply: Reply = !turn
        ? { status: 500, errorType: 'api_error', message: 'fake script exhausted' }
        : typeof turn === 'function'
          ? turn(request)
          : turn;
      if ('reset' in reply) {
        req.socket.destroy();
        return;
      }
      if ('streamError' in reply) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const start = messageBody({ content: [] }, request.model, usageOf(request, cache));
        res.write(`event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: start })}\n\n`);
        const error = { type: 'error', error: { type: reply.streamError, message: 'Overloaded' } };
        res.end(`event: error\ndata: ${JSON.stringify(error)}\n\n`);
        return;
      }
      if ('status' in reply) {
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify({ type: 'error', error: { type: reply.errorType, message: reply.message } }));
        return;
      }
      const body = messageBody(reply, request.model, usageOf(request, cache));
      if (request.stream) writeStream(res, body);
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    keys,
    remaining: () => turns.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The tool results the agent sent back in the last request (to script reactions to them). */
export function lastToolResults(
  request: MessagesRequest,
): Array<{ tool_use_id: string; content: string; is_error?: boolean }> {
  const last = request.messages.at(-1);
  return Array.isArray(last?.content)
    ? (last.content as Array<{ type: string; tool_use_id: string; content: string; is_error?: boolean }>).filter(
        (b) => b.type === 'tool_result',
      )
    : [];
}
