import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ProcessMessage {
  type: string;
  pid: number;
  runId?: string;
  [key: string]: unknown;
}

/** A forked process (run with tsx) and every IPC message it sent. */
export interface Child {
  process: ChildProcess;
  pid: number;
  messages: ProcessMessage[];
  exited: Promise<number | null>;
  /** Resolves with the first message (already received or to come) that matches. */
  next(match: (message: ProcessMessage) => boolean, what: string): Promise<ProcessMessage>;
}

/** Messages of every child of a test, in arrival order. */
export const allMessages: ProcessMessage[] = [];

/** Safety bound only: the tests wait for conditions, this just ends a hung wait with a clear message. */
const safetyTimeoutMs = 60_000;

/** Resolves once `condition` holds (checked on every message of `children` and every 20 ms). */
export function waitUntil(condition: () => boolean, what: string, children: Child[]): Promise<void> {
  if (condition()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!condition()) return;
      cleanup();
      resolve();
    };
    const poll = setInterval(check, 20);
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Timed out waiting for ${what}`));
    }, safetyTimeoutMs);
    const cleanup = () => {
      clearInterval(poll);
      clearTimeout(timer);
      for (const child of children) child.process.off('message', check);
    };
    for (const child of children) child.process.on('message', check);
  });
}

export function forkChild(script: string, env: Record<string, string>, execArgv = ['--import', 'tsx']): Child {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = fork(path, [], {
    execArgv,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: ProcessMessage[] = [];
  child.on('message', (message) => {
    messages.push(message as ProcessMessage);
    allMessages.push(message as ProcessMessage);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const handle: Child = {
    process: child,
    pid: child.pid!,
    messages,
    exited,
    next: async (match, what) => {
      await waitUntil(() => messages.some(match), what, [handle]);
      return messages.find(match)!;
    },
  };
  return handle;
}

/** Starts worker processes and waits until each takes jobs. */
export async function startWorkers(count: number, env: Record<string, string>): Promise<Child[]> {
  const workers = Array.from({ length: count }, () => forkChild('./worker-process.ts', env));
  await Promise.all(workers.map((worker) => worker.next((message) => message.type === 'ready', 'worker ready')));
  return workers;
}

/** Stops processes still running: SIGTERM (graceful close), then waits for their exit. */
export async function stopAll(children: Child[]): Promise<void> {
  for (const child of children)
    if (child.process.exitCode === null && !child.process.killed) child.process.kill('SIGTERM');
  await Promise.all(children.map((child) => child.exited));
}
