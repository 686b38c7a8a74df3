/** TCLIService handlers of the fake: each takes the request struct and returns the response struct. */
import { type MetadataRequest, metadataResult } from './metadata-operations.js';
import {
  type FakeOperation,
  type FakeSession,
  failed,
  keyOf,
  newIdentifier,
  ok,
  operationStatusResponse,
} from './operations.js';
import { columnRowSet, type FakeResult, tableSchema } from './rowset.js';
import { runStatement, type SparkParameter } from './statements.js';
import { type Int64Like, types } from './thrift-runtime.js';
import type { WarehouseModel } from './warehouse-model.js';

/** What the handlers need from the server: state, configuration and the request log. */
export interface FakeState {
  model: WarehouseModel;
  protocolVersion: number;
  informationSchemaAvailable: boolean;
  sessions: Map<string, FakeSession>;
  operations: Map<string, FakeOperation>;
  record(method: string, details?: Record<string, unknown>): void;
}

interface SessionRequest {
  sessionHandle?: { sessionId?: { guid: Buffer } };
}
interface OperationRequest {
  operationHandle?: { operationId?: { guid: Buffer } };
}

const metadataMethods: Record<string, number | undefined> = {
  GetCatalogs: types.TOperationType.GET_CATALOGS,
  GetSchemas: types.TOperationType.GET_SCHEMAS,
  GetTables: types.TOperationType.GET_TABLES,
  GetColumns: types.TOperationType.GET_COLUMNS,
  GetPrimaryKeys: types.TOperationType.UNKNOWN,
  GetCrossReference: types.TOperationType.UNKNOWN,
};

export function createHandlers(state: FakeState, restricted: boolean): Record<string, (req: never) => unknown> {
  const sessionOf = (req: SessionRequest) => {
    const session = state.sessions.get(keyOf(req.sessionHandle?.sessionId));
    return session && !session.closed ? session : undefined;
  };
  const operationOf = (req: OperationRequest) => state.operations.get(keyOf(req.operationHandle?.operationId));
  const invalidHandle = () => failed('Invalid SessionHandle or OperationHandle', 'HY000');

  const startOperation = (
    session: FakeSession,
    operationType: number | undefined,
    fields: Partial<FakeOperation>,
  ): FakeOperation => {
    const id = newIdentifier();
    const op: FakeOperation = {
      key: keyOf(id),
      sessionKey: session.key,
      handle: new types.TOperationHandle({ operationId: id, operationType, hasResultSet: true }),
      slow: false,
      cursor: 0,
      cancelled: false,
      closed: false,
      ...fields,
    };
    state.operations.set(op.key, op);
    return op;
  };

  const handlers: Record<string, (req: never) => unknown> = {
    OpenSession(req: { initialNamespace?: { catalogName?: string | null } | null }) {
      const catalog = req.initialNamespace?.catalogName ?? state.model.catalogs[0]?.name ?? 'main';
      state.record('OpenSession', { catalog, restricted });
      if (!state.model.catalogs.some((c) => c.name === catalog.toLowerCase())) {
        return new types.TOpenSessionResp({
          status: failed(`[NO_SUCH_CATALOG_EXCEPTION] Catalog '${catalog}' was not found.`, '42704'),
          serverProtocolVersion: state.protocolVersion,
        });
      }
      const id = newIdentifier();
      const session: FakeSession = { key: keyOf(id), handle: { sessionId: id }, catalog, restricted, closed: false };
      state.sessions.set(session.key, session);
      return new types.TOpenSessionResp({
        status: ok(),
        serverProtocolVersion: state.protocolVersion,
        sessionHandle: session.handle,
        canUseMultipleCatalogs: true,
      });
    },
    CloseSession(req: SessionRequest) {
      state.record('CloseSession');
      const session = sessionOf(req);
      if (!session) return new types.TCloseSessionResp({ status: invalidHandle() });
      session.closed = true;
      for (const op of state.operations.values()) if (op.sessionKey === session.key) op.closed = true;
      return new types.TCloseSessionResp({ status: ok() });
    },
    ExecuteStatement(
      req: SessionRequest & {
        statement: string;
        parameters?: SparkParameter[] | null;
        queryTimeout?: Int64Like | null;
      },
    ) {
      const parameters = req.parameters ?? [];
      state.record('ExecuteStatement', {
        statement: req.statement,
        parameters,
        queryTimeout: req.queryTimeout?.toNumber(),
      });
      const session = sessionOf(req);
      if (!session) return new types.TExecuteStatementResp({ status: invalidHandle() });
      const outcome = runStatement(req.statement, {
        model: state.model,
        currentCatalog: session.catalog,
        restricted: session.restricted,
        informationSchemaAvailable: state.informationSchemaAvailable,
        parameters,
      });
      const op = startOperation(session, types.TOperationType.EXECUTE_STATEMENT, {
        statement: req.statement,
        ...(outcome.kind === 'rows' ? { result: outcome.result } : {}),
        ...(outcome.kind === 'error' ? { error: { message: outcome.message, sqlState: outcome.sqlState } } : {}),
        slow: outcome.kind === 'slow',
      });
      if (outcome.kind === 'slow') op.result = { columns: [{ name: 'n', type: 'BIGINT' }], rows: [] };
      return new types.TExecuteStatementResp({ status: ok(), operationHandle: op.handle });
    },
    GetOperationStatus(req: OperationRequest) {
      const op = operationOf(req);
      state.record('GetOperationStatus', { statement: op?.statement });
      if (!op) return new types.TGetOperationStatusResp({ status: invalidHandle() });
      return operationStatusResponse(op);
    },
    GetResultSetMetadata(req: OperationRequest) {
      state.record('GetResultSetMetadata');
      const op = operationOf(req);
      if (!op?.result || op.closed) return new types.TGetResultSetMetadataResp({ status: invalidHandle() });
      return new types.TGetResultSetMetadataResp({
        status: ok(),
        schema: tableSchema(op.result.columns),
        resultFormat: types.TSparkRowSetType.COLUMN_BASED_SET,
        lz4Compressed: false,
      });
    },
    FetchResults(req: OperationRequest & { maxRows: Int64Like }) {
      const op = operationOf(req);
      const maxRows = Math.max(1, req.maxRows.toNumber());
      state.record('FetchResults', { maxRows });
      if (!op?.result || op.closed || op.cancelled) return new types.TFetchResultsResp({ status: invalidHandle() });
      const page = op.result.rows.slice(op.cursor, op.cursor + maxRows);
      const offset = op.cursor;
      op.cursor += page.length;
      return new types.TFetchResultsResp({
        status: ok(),
        hasMoreRows: op.cursor < op.result.rows.length,
        results: columnRowSet(op.result as FakeResult, offset, page),
      });
    },
    CancelOperation(req: OperationRequest) {
      const op = operationOf(req);
      state.record('CancelOperation', { statement: op?.statement });
      if (!op) return new types.TCancelOperationResp({ status: invalidHandle() });
      op.cancelled = true;
      return new types.TCancelOperationResp({ status: ok() });
    },
    CloseOperation(req: OperationRequest) {
      const op = operationOf(req);
      state.record('CloseOperation', { statement: op?.statement });
      if (!op) return new types.TCloseOperationResp({ status: invalidHandle() });
      op.closed = true;
      return new types.TCloseOperationResp({ status: ok() });
    },
  };

  for (const [method, operationType] of Object.entries(metadataMethods)) {
    const responseType = types[`T${method}Resp` as 'TGetCatalogsResp'];
    handlers[method] = (req: SessionRequest & MetadataRequest) => {
      const { sessionHandle: _ignored, ...request } = req as Record<string, unknown>;
      state.record(method, { request });
      const session = sessionOf(req);
      if (!session) return new responseType({ status: invalidHandle() });
      const result = metadataResult(method, state.model, req, session.restricted);
      const op = startOperation(session, operationType, { result, statement: method });
      return new responseType({ status: ok(), operationHandle: op.handle });
    };
  }
  return handlers;
}
