import { DatataskError, ErrorCode, throwIfAborted } from '../../core/errors.js';
import { loadDriver } from '../../core/load-driver.js';

// The SDK's own types stay out of these signatures: the published d.ts must compile for users who have not installed
// @anthropic-ai/sdk (`skipLibCheck: false`). The SDK's client, class, request and message types all fit these shapes.

/** A Messages API request, as the agent sends it (`Anthropic.MessageCreateParamsNonStreaming` fits). */
export interface MessageParams {
  model: string;
  max_tokens: number;
  messages: readonly unknown[];
  system?: unknown;
  tools?: readonly unknown[];
}

/** One block of a model reply: text, a tool call, or another kind the agent passes along as it is. */
export interface MessageContentBlock {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
}

/** A Messages API reply (`Anthropic.Message` fits). */
export interface Message {
  id: string;
  model: string;
  role: 'assistant';
  content: MessageContentBlock[];
  stop_reason: string | null;
  usage: { input_tokens: number; output_tokens: number };
}

/** The part of an Anthropic SDK client the agent calls (an `Anthropic` instance fits). */
export interface AnthropicClient {
  messages: {
    create(params: MessageParams, options: { signal: AbortSignal }): PromiseLike<Message>;
    stream(
      params: MessageParams,
      options: { signal: AbortSignal },
    ): {
      on(event: 'text', listener: (delta: string, snapshot: string) => void): unknown;
      finalMessage(): Promise<Message>;
    };
  };
}

/** The SDK's client class (`Anthropic`, the default export, fits). */
export type AnthropicClientClass = new (options: {
  apiKey: string;
  maxRetries: number;
  baseURL?: string;
}) => AnthropicClient;

export interface ModelClientOptions {
  /** @default process.env.ANTHROPIC_API_KEY */
  apiKey?: string;
  /** @default process.env.ANTHROPIC_BASE_URL or the SDK's */
  baseURL?: string;
  /** An already-built SDK client (tests, proxies). */
  client?: AnthropicClient;
  /** The SDK's client class (its default export), injected instead of imported. */
  sdk?: AnthropicClientClass;
}

export interface ModelClient {
  /** One model turn; `onText` receives streamed text when streaming. */
  create(
    params: MessageParams,
    options: { signal: AbortSignal; stream: boolean; onText?: (text: string) => void },
  ): Promise<Message>;
  /** The API key, for the run's redactor. */
  readonly secret: string | undefined;
}

/** Maps SDK errors onto our codes: bad keys fail at once, overload and rate limits are retried by the task. */
export function toModelError(error: unknown): DatataskError {
  if (error instanceof DatataskError) return error;
  const status = (error as { status?: number }).status;
  const message = (error as Error).message ?? String(error);
  if (status === 401 || status === 403) {
    return new DatataskError(
      ErrorCode.MODEL_AUTH_FAILED,
      `The Anthropic API rejected the key (HTTP ${status}): check ANTHROPIC_API_KEY`,
      { cause: error, retriable: false },
    );
  }
  if (status === 529 || status === 429 || (error as Error).name === 'OverloadedError') {
    return new DatataskError(
      ErrorCode.MODEL_OVERLOADED,
      `The Anthropic API is overloaded or rate-limited (HTTP ${status}): will retry`,
      {
        cause: error,
        retriable: true,
      },
    );
  }
  if ((error as Error).name === 'APIUserAbortError')
    return new DatataskError(ErrorCode.ABORTED, 'The model call was aborted', { cause: error });
  const retriable = status === undefined || status >= 500 || status === 408;
  return new DatataskError(
    ErrorCode.MODEL_ERROR,
    `The Anthropic API call failed${status ? ` (HTTP ${status})` : ''}: ${message}`,
    {
      cause: error,
      retriable,
    },
  );
}

/** The client class from the SDK module however it was loaded (ESM default export, or CJS exports object). */
function clientClass(loaded: unknown): AnthropicClientClass {
  if (typeof loaded === 'function') return loaded as AnthropicClientClass;
  const exports = loaded as { default?: unknown; Anthropic?: unknown };
  if (typeof exports.default === 'function') return exports.default as AnthropicClientClass;
  return exports.Anthropic as AnthropicClientClass;
}

/**
 * Creates the Anthropic client lazily. A missing key fails before anything else happens, naming
 * ANTHROPIC_API_KEY but never a value. SDK retries are off: the task's retry policy owns retrying.
 */
export async function createModelClient(options: ModelClientOptions = {}): Promise<ModelClient> {
  const apiKey = options.apiKey ?? process.env.ANTHROPIC_API_KEY;
  let client = options.client;
  if (!client) {
    if (!apiKey) {
      throw new DatataskError(
        ErrorCode.MODEL_AUTH_FAILED,
        'ANTHROPIC_API_KEY is not set: the analyst agent needs an Anthropic API key',
        {
          retriable: false,
        },
      );
    }
    const AnthropicClient = clientClass(await loadDriver<unknown>('@anthropic-ai/sdk', options.sdk));
    const baseURL = options.baseURL ?? process.env.ANTHROPIC_BASE_URL;
    client = new AnthropicClient({ apiKey, maxRetries: 0, ...(baseURL ? { baseURL } : {}) });
  }
  const sdkClient = client;
  return {
    secret: apiKey,
    async create(params, { signal, stream, onText }) {
      throwIfAborted(signal);
      try {
        if (!stream) return await sdkClient.messages.create(params, { signal });
        const messageStream = sdkClient.messages.stream(params, { signal });
        if (onText) messageStream.on('text', (_delta, snapshot) => onText(snapshot));
        return await messageStream.finalMessage();
      } catch (error) {
        throwIfAborted(signal);
        throw toModelError(error);
      }
    },
  };
}
