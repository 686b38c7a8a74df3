export { createRedshiftAdapter } from './adapter.js';
export { redshiftCapabilities } from './capabilities.js';
