import type Anthropic from '@anthropic-ai/sdk';
import { loadDriver } from '../../adapters/load-driver.js';
import { DatataskError, ErrorCode, throwIfAborted } from '../../core/errors.js';

export type MessageParams = Anthropic.MessageCreateParamsNonStreaming;
export type Message = Anthropic.Message;

export interface ModelClientOptions {
  /** @default process.env.ANTHROPIC_API_KEY */
  apiKey?: string;
  /** @default process.env.ANTHROPIC_BASE_URL or the SDK's */
  baseURL?: string;
  /** An already-built SDK client (tests, proxies). */
  client?: Anthropic;
  /** The SDK's client class (its default export), injected instead of imported. */
  sdk?: typeof Anthropic;
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
function clientClass(loaded: unknown): typeof Anthropic {
  if (typeof loaded === 'function') return loaded as typeof Anthropic;
  const exports = loaded as { default?: unknown; Anthropic?: unknown };
  if (typeof exports.default === 'function') return exports.default as typeof Anthropic;
  return exports.Anthropic as typeof Anthropic;
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
