import { randomUUID } from 'node:crypto';
import { schemaTask } from '@trigger.dev/sdk';
import { DataSource } from 'datatasks';
import { z } from 'zod';
import { analystAgent } from './analyst-agent.js';
import { introspectData } from './introspect-data.js';

/**
 * Introspects a source once, then asks the agent with the catalog so it skips introspection. The data source names
 * its credentials (e.g. `{ ref: 'env:WAREHOUSE_URL' }`): only the reference travels through the platform.
 */
export const askWarehouse = schemaTask({
  id: 'ask-warehouse',
  schema: z.object({ question: z.string().min(1), dataSource: DataSource }),
  run: async ({ question, dataSource }) => {
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
