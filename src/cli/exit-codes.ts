import type { ErrorCode } from '../core/errors.js';

/** 130 is the shell's code for a process ended by SIGINT (128 + 2): scripts treat it as "the user stopped it". */
export const ExitCode = {
  ok: 0,
  failed: 1,
  invalidInput: 2,
  connectionFailed: 3,
  partial: 4,
  interrupted: 130,
} as const;

const connectionCodes = new Set<string>([
  'CONNECTION_FAILED',
  'HOST_UNREACHABLE',
  'AUTH_FAILED',
  'TLS_FAILED',
  'DATABASE_NOT_FOUND',
  'TIMEOUT',
  'DRIVER_NOT_INSTALLED',
]);

export function exitCodeFor(code: ErrorCode | string): number {
  if (code === 'INVALID_INPUT') return ExitCode.invalidInput;
  if (connectionCodes.has(code)) return ExitCode.connectionFailed;
  return ExitCode.failed;
}
