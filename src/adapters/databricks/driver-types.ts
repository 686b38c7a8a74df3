/**
 * The slice of @databricks/sql (2.x) the adapter uses, typed structurally so the package stays an optional peer
 * dependency loaded lazily (and can be injected).
 */

export interface DatabricksLogger {
  log(level: string, message: string): void;
}

export interface DatabricksConnectOptions {
  host: string;
  port: number;
  path: string;
  token: string;
  customCaCert?: string;
  telemetryEnabled: boolean;
  userAgentEntry?: string;
  socketTimeout?: number;
}

export interface DatabricksOpenSessionRequest {
  initialCatalog?: string;
  initialSchema?: string;
}

export interface DatabricksColumnDescriptor {
  columnName: string;
  typeDesc?: { types?: Array<{ primitiveEntry?: { type?: number } | null }> };
}

export interface DatabricksOperation {
  fetchChunk(options?: { maxRows?: number; disableBuffering?: boolean }): Promise<object[]>;
  hasMoreRows(): Promise<boolean>;
  getSchema(): Promise<{ columns: DatabricksColumnDescriptor[] } | null>;
  cancel(): Promise<unknown>;
  close(): Promise<unknown>;
}

export type DatabricksParameterValue = null | boolean | number | bigint | string | Date;

export interface DatabricksExecuteOptions {
  queryTimeout?: number;
  /** Rows returned with the execute reply (direct results); null turns them off. */
  maxRows?: number | null;
  namedParameters?: Record<string, DatabricksParameterValue>;
  ordinalParameters?: DatabricksParameterValue[];
}

export interface DatabricksMetadataRequest {
  catalogName?: string;
  schemaName?: string;
  tableName?: string;
  maxRows?: number | null;
}

export interface DatabricksSession {
  executeStatement(statement: string, options?: DatabricksExecuteOptions): Promise<DatabricksOperation>;
  getCatalogs(request?: DatabricksMetadataRequest): Promise<DatabricksOperation>;
  getSchemas(request?: DatabricksMetadataRequest): Promise<DatabricksOperation>;
  getTables(request?: DatabricksMetadataRequest): Promise<DatabricksOperation>;
  getColumns(request?: DatabricksMetadataRequest): Promise<DatabricksOperation>;
  getPrimaryKeys(
    request: DatabricksMetadataRequest & { schemaName: string; tableName: string },
  ): Promise<DatabricksOperation>;
  getCrossReference(request: {
    parentCatalogName: string;
    parentSchemaName: string;
    parentTableName: string;
    foreignCatalogName: string;
    foreignSchemaName: string;
    foreignTableName: string;
    maxRows?: number | null;
  }): Promise<DatabricksOperation>;
  close(): Promise<unknown>;
}

export interface DatabricksClient {
  connect(options: DatabricksConnectOptions): Promise<unknown>;
  openSession(request?: DatabricksOpenSessionRequest): Promise<DatabricksSession>;
  close(): Promise<void>;
  /** Internal to the driver; used only to destroy its keep-alive agent on close. */
  getConnectionProvider?(): Promise<{ getAgent?(): Promise<{ destroy?(): void }> }>;
}

/** The module itself (what `import('@databricks/sql')` gives). */
export interface DatabricksDriver {
  DBSQLClient: new (options?: { logger?: DatabricksLogger }) => DatabricksClient;
}
