export { type TriggerTaskOverrides, toTriggerTask } from './to-trigger-task.js';
