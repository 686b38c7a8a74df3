export { createPostgresAdapter } from './adapter.js';
export { postgresCapabilities } from './capabilities.js';
