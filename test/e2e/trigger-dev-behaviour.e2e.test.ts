import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { describeRunnerBehaviour } from '../runners/runner-behaviour.js';
import { triggerCli } from './trigger-cli.js';
import { type BuiltImage, buildImage, packDatatasks, prepareProject, removeAll, repoRoot } from './trigger-project.js';
import { type StandInApi, startStandInApi } from './trigger-worker.js';
import { TriggerWorkerRunner } from './trigger-worker-runner.js';

// The shared behaviour suite's tasks, built into a Trigger.dev image as a user would write them (imports from the
// packed datatasks), then run through TaskRunProcess and the real TaskExecutor.
let image: BuiltImage;
let api: StandInApi;
let work: string;

beforeAll(async () => {
  await triggerCli.quiet();
  work = await mkdtemp(path.join(os.tmpdir(), 'datatasks-trigger-behaviour-'));
  const tarball = await packDatatasks(work);
  const tasksSource = (await readFile(path.join(repoRoot, 'test/runners/runner-behaviour-tasks.ts'), 'utf8')).replace(
    /from '\.\.\/\.\.\/src\/core\/(errors|task)\.js'/g,
    "from 'datatasks'",
  );
  const projectDir = await prepareProject(tarball, {
    withExtension: true,
    extraFiles: {
      'src/trigger/runner-behaviour-tasks.ts': tasksSource,
      'src/trigger/behaviour.ts': [
        "import { toTriggerTask } from 'datatasks/runners/trigger-dev';",
        "import { behaviourTasks } from './runner-behaviour-tasks.js';",
        '',
        "// slowTask's 50 ms maxDuration is below Trigger.dev's 5 s minimum (trigger-dev.e2e.test.ts covers maxDuration).",
        'export const tasks = behaviourTasks.filter((task) => (task.maxDuration ?? 5) >= 5).map((task) => toTriggerTask(task));',
        '',
      ].join('\n'),
    },
  });
  api = await startStandInApi();
  image = await buildImage(projectDir, { TRIGGER_API_URL: api.url, TRIGGER_SECRET_KEY: 'tr_prod_e2e' });
}, 600_000);

afterAll(async () => {
  await api?.close();
  await removeAll(image?.projectDir, image?.imageDir, work);
});

describeRunnerBehaviour('Trigger.dev worker (real TaskExecutor)', () => new TriggerWorkerRunner(image, api), {
  skip: {
    'logs errors thrown by onSuccess': 'run logs go to the OpenTelemetry endpoint, not to runner events',
    'emits a metadata event for each change': 'metadata is flushed to the platform, not evented per change',
    'idempotency key': 'idempotency is enforced by the platform',
    'triggers child runs': 'child runs need the platform',
    'exceeds maxDuration':
      "its 50 ms maxDuration is below Trigger.dev's 5 s minimum; trigger-dev.e2e.test.ts covers it",
    'waits for a token': 'wait tokens need the platform',
    'masks secrets': 'asserts run log records, which go to the OpenTelemetry endpoint here',
  },
});
