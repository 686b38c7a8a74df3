import { z } from 'zod';
import { CredentialsOrReference } from '../../adapters/credential-reference.js';
import {
  Catalog,
  CatalogWarning,
  Database,
  DatabaseEngine,
  type EnumType,
  Schema,
  type Sequence,
  type Table,
} from '../../catalog/model.js';
import { withCatalogRedactionShape } from '../../catalog/redaction-shape.js';

export const NamePattern = z.strictObject({
  /** Globs (`*`, `?`); a pattern with a dot matches qualified names (schema.table). */
  include: z.array(z.string().min(1)).optional(),
  exclude: z.array(z.string().min(1)).optional(),
});
export type NamePattern = z.infer<typeof NamePattern>;

export const DataSource = z.strictObject({
  /** The name the platform knows this source by (shown in logs and output). */
  name: z.string().min(1).max(200),
  /**
   * Inline credentials, or a reference resolved inside the run: `{ ref: 'env:PG_URL' }` or a scheme of the
   * application's `credentialResolvers`. Prefer references: platforms and queues store payloads.
   */
  credentials: CredentialsOrReference,
});
export type DataSource = z.infer<typeof DataSource>;

/** Strict, as every object of the payload: a misspelt option (`tabels`) is an error, not a setting dropped. */
export const IntrospectOptions = z.strictObject({
  databases: NamePattern.optional(),
  schemas: NamePattern.optional(),
  tables: NamePattern.optional(),
  /** @default false */
  includeSystemSchemas: z.boolean().default(false),
  /** Per-column null fraction, distinct estimate, min/max and samples. @default false */
  columnStats: z
    .union([
      z.boolean(),
      z.strictObject({
        sampleValues: z.number().int().min(0).max(100).optional(),
        sampleRows: z.number().int().positive().optional(),
        /** Most tables without engine statistics sampled; the rest are named in a warning. @default 100 */
        sampleTables: z.number().int().min(0).optional(),
      }),
    ])
    .default(false),
  /**
   * Distinct values of low-cardinality text columns, for value-aware search (PostgreSQL, MySQL/MariaDB, DuckDB):
   * engine statistics first, else one bounded query per column, at most `maxQueries`. @default false
   */
  fieldValues: z
    .union([
      z.boolean(),
      z.strictObject({
        maxValues: z.number().int().min(1).max(1000).optional(),
        maxValueLength: z.number().int().min(1).max(1000).optional(),
        maxQueries: z.number().int().min(0).max(100_000).optional(),
        sampleRows: z.number().int().positive().optional(),
        exclude: z.array(z.string().min(1)).optional(),
      }),
    ])
    .default(false),
  /** Time allowed for the connection test and the catalog read of one attempt, in ms. @default 120000 */
  timeoutMs: z.number().int().positive().max(3_600_000).default(120_000),
  /** Databases read at once where the engine reads them one by one. @default 4 */
  concurrency: z.number().int().min(1).max(32).default(4),
});
export type IntrospectOptions = z.infer<typeof IntrospectOptions>;

export const IntrospectDataInput = z.strictObject({
  dataSource: DataSource,
  options: IntrospectOptions.default(IntrospectOptions.parse({})),
});
export type IntrospectDataInput = z.infer<typeof IntrospectDataInput>;
export type IntrospectDataPayload = z.input<typeof IntrospectDataInput>;

export const IntrospectionStats = z.object({
  durationMs: z.number().nonnegative(),
  /** Statements sent to the source (connection test included). */
  queries: z.number().int().nonnegative(),
  databases: z.number().int().nonnegative(),
  schemas: z.number().int().nonnegative(),
  tables: z.number().int().nonnegative(),
  columns: z.number().int().nonnegative(),
});
export type IntrospectionStats = z.infer<typeof IntrospectionStats>;

export const TaskErrorInfo = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type TaskErrorInfo = z.infer<typeof TaskErrorInfo>;

export const IntrospectDataOutput = z.object({
  success: z.boolean(),
  dataSource: z.object({
    name: z.string(),
    /** Absent only when the input was too malformed to say. */
    type: DatabaseEngine.optional(),
    serverVersion: z.string().optional(),
  }),
  catalog: Catalog.optional(),
  stats: IntrospectionStats,
  warnings: z.array(CatalogWarning),
  error: TaskErrorInfo.optional(),
});
export type IntrospectDataOutput = z.infer<typeof IntrospectDataOutput>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isAssembledTable = (value: unknown) =>
  isRecord(value) && typeof value.name === 'string' && Array.isArray(value.columns);
/**
 * A schema's tables as the adapters assemble them from typed rows: checked for their shape, not field by field, in
 * one check per schema (zod's per-element parse of 50,000 tables cost more than the check itself).
 */
const AssembledTables = z
  .custom<Table[]>((value) => Array.isArray(value), { message: 'tables must be an array' })
  .superRefine((tables, ctx) => {
    const at = tables.findIndex((table) => !isAssembledTable(table));
    if (at >= 0) ctx.addIssue({ code: 'custom', message: 'a table needs a name and columns', path: [at] });
  });
/** A schema's sequences or enums as the adapters assemble them: an array of named objects. */
const assembledList = <T>() =>
  z
    .custom<T[]>(
      (value) => Array.isArray(value) && value.every((item) => isRecord(item) && typeof item.name === 'string'),
    )
    .optional();
/**
 * The catalog as the task checks it on the way out: every level down to the tables, whose contents (and a schema's
 * sequences and enums) the adapters built from typed rows. Parsing every column of a 50,000-table catalog again
 * cost more than reading it.
 */
const AssembledCatalog = Catalog.extend({
  databases: z.array(
    Database.extend({
      schemas: z.array(
        Schema.extend({
          tables: AssembledTables,
          enums: assembledList<EnumType>(),
          sequences: assembledList<Sequence>(),
        }),
      ),
    }),
  ),
});

/**
 * `IntrospectDataOutput` as the task validates it: in full but for the catalog's tables (see AssembledCatalog).
 * The checked catalog is marked so that redaction skips its identifiers (src/catalog/redaction-shape.ts).
 */
export const IntrospectDataOutputCheck = IntrospectDataOutput.extend({
  catalog: AssembledCatalog.transform((catalog) => withCatalogRedactionShape(catalog)).optional(),
});

/** Phases reported in the run's `phase` metadata, in order. */
export const IntrospectPhase = z.enum([
  'validating',
  'connecting',
  'introspecting',
  'cleaning-up',
  'completed',
  'failed',
]);
export type IntrospectPhase = z.infer<typeof IntrospectPhase>;
