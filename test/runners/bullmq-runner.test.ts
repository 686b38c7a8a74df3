import { describe } from 'vitest';
import { pairedRunner } from './bullmq-harness.js';
import { describeRunnerBehaviour } from './runner-behaviour.js';
import { behaviourTasks } from './runner-behaviour-tasks.js';

// The behaviour suite's secretive task passes its password inline on purpose: this runner refuses that by default.
describeRunnerBehaviour('BullMQ runner', () =>
  pairedRunner(behaviourTasks, { name: 'behaviour', runner: { allowInlineSecrets: true } }),
);

describe('BullMQ runner', () => {});
