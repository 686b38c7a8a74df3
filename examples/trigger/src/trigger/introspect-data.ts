import { toTriggerTask } from '../../../../src/runners/trigger-dev/index.js';
import { introspectDataTask } from '../../../../src/tasks/introspect-data/index.js';

// In your project: import { introspectDataTask } from 'datatasks'; import { toTriggerTask } from 'datatasks/runners/trigger-dev';
export const introspectData = toTriggerTask(introspectDataTask);
