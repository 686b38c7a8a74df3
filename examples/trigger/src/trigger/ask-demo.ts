import { randomUUID } from 'node:crypto';
import { schemaTask } from '@trigger.dev/sdk';
import { z } from 'zod';
import { analystAgent } from './analyst-agent.js';
import { introspectData } from './introspect-data.js';

/** Introspects a PostgreSQL source once, then asks the agent with the catalog so it skips introspection. */
export const askWarehouse = schemaTask({
  id: 'ask-warehouse',
  schema: z.object({ question: z.string().min(1), databaseUrl: z.string().url() }),
  run: async ({ question, databaseUrl }) => {
    const url = new URL(databaseUrl);
    const credentials = {
      type: 'postgres' as const,
      host: url.hostname,
      port: Number(url.port || 5432),
      database: url.pathname.slice(1),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    };
    const dataSource = { name: 'warehouse', credentials };
    const introspection = await introspectData.triggerAndWait({ dataSource }).unwrap();
    return analystAgent
      .triggerAndWait({
        sessionId: randomUUID(),
        query: question,
        dataSources: [dataSource],
        catalog: introspection.catalog,
      })
      .unwrap();
  },
});
