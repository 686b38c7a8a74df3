import type { QueryColumn } from '../adapter.js';
import { withDeadline } from './abort.js';
import type { DatabricksColumnDescriptor, DatabricksOperation } from './driver-types.js';

// TTypeId of TCLIService, by value.
const typeNames = [
  'BOOLEAN',
  'TINYINT',
  'SMALLINT',
  'INT',
  'BIGINT',
  'FLOAT',
  'DOUBLE',
  'STRING',
  'TIMESTAMP',
  'BINARY',
  'ARRAY',
  'MAP',
  'STRUCT',
  'UNION',
  'USER_DEFINED',
  'DECIMAL',
  'NULL',
  'DATE',
  'VARCHAR',
  'CHAR',
  'INTERVAL_YEAR_MONTH',
  'INTERVAL_DAY_TIME',
];

function columnOf(descriptor: DatabricksColumnDescriptor): QueryColumn {
  const id = descriptor.typeDesc?.types?.[0]?.primitiveEntry?.type;
  return { name: descriptor.columnName, type: (id !== undefined && typeNames[id]) || 'UNKNOWN' };
}

export interface OperationOptions {
  /** Rows kept at most; one more is read to know whether the result was truncated. */
  maxRows: number;
  /** Rows asked per FetchResults call. */
  pageSize: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  what: string;
  /** Called when closing or cancelling fails (the result is still returned). */
  onCleanupError?: (error: unknown) => void;
}

export interface OperationRows {
  columns: QueryColumn[];
  rows: Record<string, unknown>[];
  truncated: boolean;
}

/**
 * Starts an operation (statement or metadata call), reads at most maxRows + 1 rows page by page, and closes it
 * in every case. When the signal aborts or the timeout passes, the operation is cancelled on the server
 * (CancelOperation) and the call rejects at once.
 */
export async function runOperation(
  start: () => Promise<DatabricksOperation>,
  options: OperationOptions,
): Promise<OperationRows> {
  let operation: DatabricksOperation | undefined;
  let cancelled = false;
  const cleanupError = (error: unknown) => options.onCleanupError?.(error);
  const cancel = () => {
    if (!operation || cancelled) return;
    cancelled = true;
    operation.cancel().catch(cleanupError);
  };
  const work = async (stopped: () => boolean): Promise<OperationRows> => {
    operation = await start();
    if (stopped()) {
      cancel();
      return { columns: [], rows: [], truncated: false };
    }
    const limit = options.maxRows + 1;
    const rows: Record<string, unknown>[] = [];
    while (rows.length < limit && !stopped()) {
      const want = Math.min(options.pageSize, limit - rows.length);
      const chunk = (await operation.fetchChunk({ maxRows: want, disableBuffering: true })) as Record<
        string,
        unknown
      >[];
      rows.push(...chunk);
      if (chunk.length === 0 || !(await operation.hasMoreRows())) break;
    }
    const schema = await operation.getSchema();
    return {
      columns: (schema?.columns ?? []).map(columnOf),
      rows: rows.slice(0, options.maxRows),
      truncated: rows.length > options.maxRows,
    };
  };
  try {
    return await withDeadline(work, { ...options, onStop: cancel });
  } finally {
    // A cancelled operation is released by the cancel; otherwise CloseOperation (also stops reading past maxRows).
    const current = operation as DatabricksOperation | undefined;
    if (current && !cancelled) await current.close().catch(cleanupError);
  }
}
