/** Statements that run until cancelled or timed out, answered through 333333 + getResultUrl long polling. */
import type { ServerResponse } from 'node:http';
import { errorBody, type SqlError, sqlErrors } from './protocol.js';

interface Running {
  queryId: string;
  requestId: string | undefined;
  /** Final answer once the statement ended; polls get it. */
  final?: Record<string, unknown>;
  polls: Set<ServerResponse>;
  timer?: NodeJS.Timeout;
}

export interface AbortRecord {
  queryId?: string;
  requestId?: string;
  /** Whether a running statement was found and cancelled. */
  cancelled: boolean;
}

export class RunningStatements {
  private readonly statements = new Map<string, Running>();
  readonly aborts: AbortRecord[] = [];
  /** Statements that ended at their STATEMENT_TIMEOUT_IN_SECONDS, by query id. */
  readonly timedOut: string[] = [];

  constructor(
    private readonly send: (res: ServerResponse, body: unknown) => void,
    /** How long a poll is held before answering "still running" again (Snowflake holds about 45 s). */
    private readonly pollHoldMs: number,
  ) {}

  start(queryId: string, requestId: string | undefined, timeoutSeconds: number | undefined): void {
    const running: Running = { queryId, requestId, polls: new Set() };
    if (timeoutSeconds && timeoutSeconds > 0) {
      running.timer = setTimeout(() => {
        this.timedOut.push(queryId);
        this.finish(running, sqlErrors.statementTimeout(timeoutSeconds));
      }, timeoutSeconds * 1000);
    }
    this.statements.set(queryId, running);
  }

  /** The 333333 answer that makes the driver poll getResultUrl. */
  inProgress(queryId: string): Record<string, unknown> {
    return {
      success: true,
      code: '333333',
      message: 'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.',
      data: { queryId, getResultUrl: `/queries/${queryId}/result`, queryAbortsAfterSecs: 300, progressDesc: null },
    };
  }

  /** GET /queries/:id/result: the final answer, or held until the statement ends (or the hold expires). */
  poll(queryId: string, res: ServerResponse): boolean {
    const running = this.statements.get(queryId);
    if (!running) return false;
    if (running.final) {
      this.send(res, running.final);
      return true;
    }
    running.polls.add(res);
    const hold = setTimeout(() => {
      if (running.polls.delete(res)) this.send(res, this.inProgress(queryId));
    }, this.pollHoldMs);
    res.once('close', () => {
      clearTimeout(hold);
      running.polls.delete(res);
    });
    return true;
  }

  abort(queryId: string | undefined, requestId: string | undefined): void {
    const running =
      (queryId && this.statements.get(queryId)) ||
      [...this.statements.values()].find((s) => requestId !== undefined && s.requestId === requestId);
    const cancelled = running !== undefined && running.final === undefined;
    this.aborts.push({
      ...(queryId ? { queryId } : {}),
      ...(requestId ? { requestId } : {}),
      cancelled,
    });
    if (running && cancelled) this.finish(running, sqlErrors.cancelled());
  }

  count(): number {
    return [...this.statements.values()].filter((s) => s.final === undefined).length;
  }

  /** Ends every statement (server shutdown), answering held polls. */
  endAll(): void {
    for (const running of this.statements.values()) if (!running.final) this.finish(running, sqlErrors.cancelled());
  }

  private finish(running: Running, error: SqlError): void {
    clearTimeout(running.timer);
    running.final = errorBody(error.code, error.message, { sqlState: error.sqlState, queryId: running.queryId });
    for (const res of running.polls) this.send(res, running.final);
    running.polls.clear();
  }
}
