import { toTriggerTask } from '../../../../src/runners/trigger-dev/index.js';
import { analystAgentTask } from '../../../../src/tasks/analyst-agent/index.js';

// The agent runs long and holds model context: a bigger machine than the default small-1x.
// ANTHROPIC_API_KEY comes from the project's environment variables in the Trigger.dev dashboard.
export const analystAgent = toTriggerTask(analystAgentTask, { machine: 'medium-1x' });
