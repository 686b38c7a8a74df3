import type { QueryOptions, QueryResult } from './adapter.js';

/** Caps a sandboxed query gets unless the caller sets its own. */
export const sandboxCellBytes = 65_536;
export const sandboxResultBytes = 8 * 1024 * 1024;

/** Whether a query runs as untrusted SQL (`sandbox: true` or `{ role }`). */
export const isSandboxed = (options: QueryOptions): boolean =>
  options.sandbox !== undefined && options.sandbox !== false;

/** The PostgreSQL/Redshift role a sandboxed query switches to, when configured. */
export const sandboxRole = (options: QueryOptions): string | undefined =>
  typeof options.sandbox === 'object' ? options.sandbox.role : undefined;

function byteSize(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (typeof value === 'object' && !(value instanceof Date)) return Buffer.byteLength(JSON.stringify(value) ?? '');
  return 8;
}

function truncateCell(value: unknown, maxBytes: number): unknown {
  if (typeof value === 'string') {
    const cut = Buffer.from(value).subarray(0, maxBytes).toString();
    return `${cut.replace(/\uFFFD$/, '')}… [truncated: ${Buffer.byteLength(value)} bytes]`;
  }
  if (ArrayBuffer.isView(value)) return `[binary value of ${value.byteLength} bytes, truncated]`;
  return `[value of ${byteSize(value)} bytes, truncated]`;
}

/**
 * Bounds what a result may hold: a cell over `maxCellBytes` is cut (and says so), and rows stop once the result
 * passes `maxResultBytes` (`truncated` is then true). Sandboxed queries get 64 KiB and 8 MiB unless told otherwise,
 * so `repeat('x', 1e8)` cannot become a 100 MB tool result.
 */
export function capResultBytes(result: QueryResult, options: QueryOptions): QueryResult {
  const sandboxed = isSandboxed(options);
  const maxCell = options.maxCellBytes ?? (sandboxed ? sandboxCellBytes : undefined);
  const maxResult = options.maxResultBytes ?? (sandboxed ? sandboxResultBytes : undefined);
  if (maxCell === undefined && maxResult === undefined) return result;
  let total = 0;
  let truncated = result.truncated;
  const rows: Record<string, unknown>[] = [];
  for (const row of result.rows) {
    let capped: Record<string, unknown> | undefined;
    let rowBytes = 0;
    for (const [key, value] of Object.entries(row)) {
      const size = byteSize(value);
      if (maxCell !== undefined && size > maxCell) {
        capped ??= { ...row };
        capped[key] = truncateCell(value, maxCell);
        rowBytes += maxCell;
      } else rowBytes += size;
    }
    if (maxResult !== undefined && total + rowBytes > maxResult) {
      truncated = true;
      break;
    }
    total += rowBytes;
    rows.push(capped ?? row);
  }
  const unchanged =
    rows.length === result.rows.length &&
    truncated === result.truncated &&
    rows.every((row, index) => row === result.rows[index]);
  return unchanged ? result : { ...result, rows, truncated };
}
