import { defineConfig } from '@trigger.dev/sdk';
import { datatasksExtension } from 'datatasks/runners/trigger-dev';

// A Trigger.dev v4 project running datatasks' definitions. Deploy with `npx trigger.dev deploy`.
export default defineConfig({
  project: 'proj_datatasks_example',
  dirs: ['./src/trigger'],
  maxDuration: 1800,
  retries: {
    enabledInDev: true,
    default: { maxAttempts: 3, factor: 2, minTimeoutInMs: 1000, maxTimeoutInMs: 60_000, randomize: true },
  },
  // datatasks loads drivers lazily, out of the bundler's sight: the extension puts the ones named here into the
  // image (at the versions installed here) and fails the deploy build if one is not installed.
  build: { extensions: [datatasksExtension({ engines: ['postgres', 'duckdb'], agent: true })] },
});
