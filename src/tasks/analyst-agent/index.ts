export { type AgentState, createAgentState } from './agent-state.js';
export { type AnalystAgentDependencies, analystAgentTask, createAnalystAgentTask } from './analyst-agent.js';
export { ungroundedNumbers } from './grounding.js';
export {
  AgentUsage,
  AnalystAgentInput,
  AnalystAgentOutput,
  type AnalystAgentPayload,
  AnalystOptions,
  AnalystPhase,
  Artifact,
  defaultModel,
} from './interfaces.js';
export { createModelClient, type ModelClient, type ModelClientOptions, toModelError } from './model-client.js';
export { anthropicTools, toolInputs } from './tools/definitions.js';
