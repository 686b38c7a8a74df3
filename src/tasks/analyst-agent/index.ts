export { type AgentState, createAgentState } from './agent-state.js';
export { type AnalystAgentDependencies, analystAgentTask, createAnalystAgentTask } from './analyst-agent.js';
export { type ShownResult, traceNumbers, ungroundedNumbers } from './grounding.js';
export {
  AgentUsage,
  AnalystAgentInput,
  AnalystAgentOutput,
  type AnalystAgentPayload,
  AnalystOptions,
  AnalystPhase,
  Artifact,
  defaultModel,
  GroundingTrace,
} from './interfaces.js';
export { createModelClient, type ModelClient, type ModelClientOptions, toModelError } from './model-client.js';
export { anthropicTools, toolInputs } from './tools/definitions.js';
