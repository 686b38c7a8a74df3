export type CommandName = 'introspect' | 'test-connection';

const sources = `Sources (the first one given wins):
  <connection-url>       postgres://user:pass@host:5432/db?sslmode=require, mysql://..., redshift://...,
                         sqlserver://..., snowflake://user:pass@account/db?warehouse=W,
                         databricks://token:TOKEN@host/sql/1.0/warehouses/ID,
                         bigquery://project?location=EU&keyFile=key.json, duckdb:file.duckdb
  --config <file>        credentials as JSON ({ "type": "postgres", "host": ..., ... }, or { "name", "credentials" })
  DATATASKS_URL, then DATABASE_URL   a connection URL from the environment
  (none)                 the bundled demo database (an online shop in DuckDB)
  Prefer --config or an environment variable over a password in the command line: shells keep history.`;

const exitCodes = `Exit codes: 0 ok, 1 failed, 2 invalid input, 3 connection failed,
  4 partial result (warnings, or filters that matched nothing), 130 interrupted (Ctrl-C).`;

const introspect = `Usage: datatasks introspect [<connection-url> | --config file.json] [options]

Reads the data source's catalog (databases, schemas, tables, views, columns, keys, indexes) and prints it.

${sources}

Options:
  --json | --markdown | --ddl   output format (default: a summary)
  --out <file>           write the output to a file instead of stdout
  --include <glob>       tables to read (repeatable; schema.table or table)
  --exclude <glob>       tables to skip (repeatable)
  --schema <glob>        schemas to read (repeatable)
  --exclude-schema <glob> schemas to skip (repeatable)
  --column-stats         add per-column statistics
  --field-values         add the distinct values of low-cardinality text columns
  --timeout <ms>         time allowed per attempt
  --attempts <n>         attempts in all (default 3)
  --max-tokens <n>       token budget for --markdown/--ddl
  --name <name>          the data source's name in the output
  --quiet                no progress output (progress goes to stderr; stdout is only the result)

${exitCodes}`;

const testConnection = `Usage: datatasks test-connection [<connection-url> | --config file.json]

Opens one connection, checks it, prints the server version and latency, and closes it.

${sources}

${exitCodes}`;

export const commandUsage: Record<CommandName, string> = { introspect, 'test-connection': testConnection };

export const usage = `Usage:
  datatasks introspect [<connection-url> | --config file.json] [options]
  datatasks test-connection [<connection-url> | --config file.json]
  datatasks <command> --help     options of one command
  datatasks --version

With no source, introspects the bundled demo database (an online shop in DuckDB).

${sources}

${exitCodes}`;
