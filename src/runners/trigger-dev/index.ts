export {
  agentPackages,
  type DatatasksBuildExtension,
  type DatatasksBuildOptions,
  type DatatasksEngine,
  datatasksExtension,
  datatasksPackages,
  enginePackages,
} from './build-extension.js';
export { maxDurationMarginMs } from './deadline.js';
export type { InlineSecretsPolicy } from './inline-secrets-policy.js';
export { type TriggerTaskOverrides, toTriggerTask } from './to-trigger-task.js';
