import { analystAgentTask } from 'datatasks';
import { toTriggerTask } from 'datatasks/runners/trigger-dev';

// The agent runs long and holds model context: a bigger machine than the default small-1x.
// ANTHROPIC_API_KEY comes from the project's environment variables in the Trigger.dev dashboard; the agent's child
// introspection runs the introspect-data task (src/trigger/introspect-data.ts) with the same credentials reference.
export const analystAgent = toTriggerTask(analystAgentTask, { machine: 'medium-1x' });
