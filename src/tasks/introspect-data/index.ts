export {
  DataSource,
  IntrospectDataInput,
  IntrospectDataOutput,
  type IntrospectDataPayload,
  IntrospectionStats,
  IntrospectOptions,
  IntrospectPhase,
  NamePattern,
  TaskErrorInfo,
} from './interfaces.js';
export { createIntrospectDataTask, type IntrospectDataDependencies, introspectDataTask } from './introspect-data.js';
