/** Encodes a result set as a query-request answer: the first rows inline, the rest as chunks fetched by GET. */
import { encodeRows, type ResultSet, rowtype } from './protocol.js';

export interface EncodedResult {
  data: Record<string, unknown>;
  /** Chunk bodies by chunk number: rows as JSON arrays joined by commas, without the outer brackets. */
  chunks: string[];
}

export interface SessionState {
  database: string | undefined;
  role: string;
}

/** Parameters the driver reads from every answer (formats of dates and timestamps). */
export const sessionParameters = [
  { name: 'TIMEZONE', value: 'UTC' },
  { name: 'TIMESTAMP_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM' },
  { name: 'TIMESTAMP_NTZ_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3' },
  { name: 'TIMESTAMP_LTZ_OUTPUT_FORMAT', value: '' },
  { name: 'TIMESTAMP_TZ_OUTPUT_FORMAT', value: '' },
  { name: 'DATE_OUTPUT_FORMAT', value: 'YYYY-MM-DD' },
  { name: 'TIME_OUTPUT_FORMAT', value: 'HH24:MI:SS' },
  { name: 'BINARY_OUTPUT_FORMAT', value: 'HEX' },
  { name: 'CLIENT_RESULT_CHUNK_SIZE', value: 160 },
];

export function encodeResult(
  result: ResultSet,
  queryId: string,
  session: SessionState,
  chunkUrl: (index: number) => string,
  rowsetLimit: number,
  chunkRows: number,
  describeOnly = false,
): EncodedResult {
  const rows = describeOnly ? [] : encodeRows(result);
  const inline = rows.slice(0, rowsetLimit);
  const rest = rows.slice(rowsetLimit);
  const chunks: string[] = [];
  const chunkList: Record<string, unknown>[] = [];
  for (let start = 0; start < rest.length; start += chunkRows) {
    const part = rest.slice(start, start + chunkRows);
    const body = part.map((row) => JSON.stringify(row)).join(',');
    chunkList.push({
      url: chunkUrl(chunks.length),
      rowCount: part.length,
      uncompressedSize: body.length,
      compressedSize: body.length,
    });
    chunks.push(body);
  }
  const data: Record<string, unknown> = {
    parameters: sessionParameters,
    rowtype: rowtype(result.columns),
    rowset: inline,
    total: rows.length,
    returned: rows.length,
    queryId,
    databaseProvider: null,
    finalDatabaseName: session.database ?? null,
    finalSchemaName: null,
    finalWarehouseName: 'COMPUTE_WH',
    finalRoleName: session.role,
    numberOfBinds: 0,
    arrayBindSupported: false,
    statementTypeId: 4096,
    version: 1,
    sendResultTime: Date.now(),
    queryResultFormat: 'json',
  };
  if (chunkList.length > 0) {
    data.chunks = chunkList;
    data.qrmk = 'fake-query-result-master-key';
  }
  return { data, chunks };
}
