/**
 * Run as a child process by open-handles.test.ts: a few faulty introspections (refused, cut, stalled, aborted) and
 * one clean one, then nothing: the process must exit by itself. A leaked timer, socket or pool keeps it alive.
 */
import { TimeoutError } from '../../../src/core/errors.js';
import { runIntrospection } from '../../../src/run-introspection.js';
import { startFaultProxy } from '../../helpers/fault-proxy.js';

const database = process.env.H10_CHILD_DATABASE;
if (!database) throw new Error('H10_CHILD_DATABASE is not set');
const target = { host: '127.0.0.1', port: 5432 };
const proxy = await startFaultProxy(target);
const credentials = {
  type: 'postgres' as const,
  host: proxy.host,
  port: proxy.port,
  user: 'postgres',
  database,
  applicationName: 'h10_child',
  connectTimeoutMs: 500,
};
const outcomes: string[] = [];
const record = (label: string, output: { success: boolean; error?: { code: string } }) =>
  outcomes.push(`${label}:${output.success ? 'ok' : output.error?.code}`);
try {
  proxy.setMode({ kind: 'refuse' });
  record('refuse', await runIntrospection(credentials, { maxAttempts: 2 }));
  proxy.setMode({ kind: 'cut-after', bytes: 1500 });
  record('cut', await runIntrospection(credentials, { maxAttempts: 2 }));
  proxy.setMode({ kind: 'stall' });
  record('stall', await runIntrospection(credentials, { maxAttempts: 1, timeoutMs: 800 }));
  proxy.setMode({ kind: 'pass' });
  const controller = new AbortController();
  setTimeout(() => controller.abort(new TimeoutError('caller gave up')), 30);
  record('abort', await runIntrospection(credentials, { signal: controller.signal }));
  record('clean', await runIntrospection(credentials));
} finally {
  await proxy.close();
}
// No process.exit: the test checks that nothing keeps the event loop alive.
console.log(`CHILD-DONE ${outcomes.join(' ')}`);
