import { describeRunnerBehaviour } from './runner-behaviour.js';
import { TriggerDevHarnessRunner } from './trigger-dev-harness.js';

// The same behaviour file as the in-process and testing runners, through the Trigger.dev SDK's own catalog, hooks
// and run context. Skipped cases are where src/runners/trigger-dev/README.md documents a difference, or where the
// offline SDK harness cannot act without the platform (child runs, tokens, idempotency, the run logger).
describeRunnerBehaviour('Trigger.dev runner', () => new TriggerDevHarnessRunner(), {
  skip: {
    'logs errors thrown by onSuccess': 'the SDK logger is silent offline',
    'emits a metadata event for each change': 'metadata is flushed to the platform, not evented per change',
    'idempotency key': 'idempotency is enforced by the platform',
    'triggers child runs': 'child runs need the platform',
    'exceeds maxDuration':
      "its 50 ms maxDuration is below Trigger.dev's 5 s minimum; test/e2e checks the wrapper's deadline on the real executor",
    'waits for a token': 'wait tokens need the platform',
    'masks secrets': 'asserts run log lines, which the SDK logger keeps offline',
  },
});
