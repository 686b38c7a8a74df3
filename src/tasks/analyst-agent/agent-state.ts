import type { Adapter } from '../../adapters/adapter.js';
import type { Catalog } from '../../catalog/model.js';
import type { CatalogIndex } from '../../catalog/search.js';
import type { SqlScope } from '../../sql/sql-scope.js';
import type { NumberTrace, ShownResult } from './grounding.js';
import type { AgentUsage, Artifact, SecurityWarning } from './interfaces.js';

export interface SourceSession {
  name: string;
  adapter: Adapter;
  catalog: Catalog;
  index: CatalogIndex;
  /** sqlparser dialect of the engine, for the read-only guard. */
  dialect: string;
  /** The tables the agent's SQL may read: the catalog's. */
  scope: SqlScope;
}

/** Everything one attempt of the agent accumulates; created per attempt, never shared. */
export interface AgentState {
  sources: Map<string, SourceSession>;
  artifacts: Artifact[];
  /** Query results as the model was shown them: the only sources an answer's numbers may have. */
  shown: ShownResult[];
  /** The answer's numbers traced to their sources by the last review. */
  grounding: NumberTrace[];
  usage: AgentUsage;
  answer?: string;
  plan?: string;
  /** Least-privilege findings per data source, reported in the output. */
  securityWarnings: SecurityWarning[];
  nextId(prefix: 'q' | 'm' | 'c' | 'd'): string;
}

export function createAgentState(): AgentState {
  const counters = { q: 0, m: 0, c: 0, d: 0 };
  return {
    sources: new Map(),
    artifacts: [],
    shown: [],
    securityWarnings: [],
    grounding: [],
    usage: {
      inputTokens: 0,
      outputTokens: 0,
      cacheReadInputTokens: 0,
      cacheCreationInputTokens: 0,
      modelRetries: 0,
      steps: 0,
      queries: 0,
    },
    nextId: (prefix) => `${prefix}${++counters[prefix]}`,
  };
}

/** Makes driver values JSON-safe (bigint, Date, Buffer, nested objects) for artifacts and the model. */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex').slice(0, 64)}`;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value && typeof value === 'object') {
    const inner = value as { toJSON?: () => unknown };
    if (typeof inner.toJSON === 'function') return toJsonValue(inner.toJSON());
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJsonValue(item)]));
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

export function toJsonRows(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((row) => toJsonValue(row) as Record<string, unknown>);
}
