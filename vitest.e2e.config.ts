import { defineConfig } from 'vitest/config';

// Slow end-to-end checks (packed tarball into a consumer, Trigger.dev's deploy build, multi-process queues):
// `npm run test:e2e`, which .ci/run runs after `npm test`.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['test/global-setup.ts'],
  },
});
