/**
 * The Thrift runtime the driver itself uses: the `thrift` package, the generated TCLIService processor and types
 * shipped inside @databricks/sql, and node-int64. Loaded from the driver's own dependency tree so the fake speaks
 * exactly the protocol version the driver was generated against. The packages ship no usable typings, hence the
 * narrow local interfaces below.
 */
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);
// Resolving from the driver's entry point finds its `thrift` and `node-int64`, and `../thrift/*` next to `dist/`.
const requireFromDriver = createRequire(requireHere.resolve('@databricks/sql'));

export interface Int64Like {
  toNumber(allowImprecise?: boolean): number;
}

export interface ThriftTransport {
  flush(): void;
}

export interface ThriftRuntime {
  TBufferedTransport: {
    new (buffer?: Buffer, onFlush?: (data: Buffer) => void): ThriftTransport;
    receiver(callback: (transport: ThriftTransport) => void, seqId?: number): (data: Buffer) => void;
  };
  TBinaryProtocol: new (transport: ThriftTransport) => unknown;
}

export interface ThriftProcessor {
  process(input: unknown, output: unknown): void;
}

// biome-ignore lint/suspicious/noExplicitAny: generated Thrift struct constructors accept plain objects of any shape
type StructConstructor = new (args?: any) => any;

export const thrift = requireFromDriver('thrift') as ThriftRuntime;
export const Int64 = requireFromDriver('node-int64') as new (value: number) => Int64Like;
export const TCLIService = requireFromDriver('../thrift/TCLIService') as {
  Processor: new (handler: object) => ThriftProcessor;
};
type StructName =
  | 'TStatus'
  | 'TOperationHandle'
  | 'TTableSchema'
  | 'TRowSet'
  | 'TOpenSessionResp'
  | 'TCloseSessionResp'
  | 'TExecuteStatementResp'
  | 'TGetOperationStatusResp'
  | 'TGetResultSetMetadataResp'
  | 'TFetchResultsResp'
  | 'TCancelOperationResp'
  | 'TCloseOperationResp'
  | 'TGetCatalogsResp'
  | 'TGetSchemasResp'
  | 'TGetTablesResp'
  | 'TGetColumnsResp'
  | 'TGetPrimaryKeysResp'
  | 'TGetCrossReferenceResp';

export const types = requireFromDriver('../thrift/TCLIService_types') as Record<StructName, StructConstructor> & {
  TStatusCode: Record<string, number>;
  TOperationState: Record<string, number>;
  TOperationType: Record<string, number>;
  TTypeId: Record<string, number>;
  TSparkRowSetType: Record<string, number>;
  TProtocolVersion: Record<string, number>;
};
