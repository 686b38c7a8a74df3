import type { DatataskError } from './errors.js';

export type Result<T> =
  | { ok: true; id: string; taskId: string; output: T; unwrap(): T }
  | { ok: false; id: string; taskId: string; error: DatataskError; unwrap(): never };

export function okResult<T>(id: string, taskId: string, output: T): Result<T> {
  return { ok: true, id, taskId, output, unwrap: () => output };
}

export function errorResult<T>(id: string, taskId: string, error: DatataskError): Result<T> {
  return {
    ok: false,
    id,
    taskId,
    error,
    unwrap: () => {
      throw error;
    },
  };
}
