import { introspectDataTask } from 'datatasks';
import { toTriggerTask } from 'datatasks/runners/trigger-dev';

// Trigger with credentials by reference, resolved in the worker from the project's environment variables:
// await introspectData.trigger({ dataSource: { name: 'warehouse', credentials: { ref: 'env:WAREHOUSE_URL' } } });
export const introspectData = toTriggerTask(introspectDataTask);
