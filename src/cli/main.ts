#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { AbortError } from '../core/errors.js';
import { ExitCode } from './exit-codes.js';
import { runCli } from './run-cli.js';

function packageVersion(): string | undefined {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string })
      .version;
  } catch {
    return undefined;
  }
}

// First Ctrl-C: stop the run, close its connection, exit 130. A second one quits at once.
const controller = new AbortController();
const interrupt = (signal: 'SIGINT' | 'SIGTERM') => {
  if (controller.signal.aborted) process.exit(ExitCode.interrupted);
  if (signal === 'SIGINT') process.stderr.write('\n  stopping (Ctrl-C again to quit at once)\n');
  controller.abort(new AbortError(signal === 'SIGINT' ? 'Interrupted (Ctrl-C)' : 'Terminated (SIGTERM)'));
};
process.on('SIGINT', () => interrupt('SIGINT'));
process.on('SIGTERM', () => interrupt('SIGTERM'));
const version = packageVersion();

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
  ...(version ? { version } : {}),
}).then((code) => {
  process.exitCode = code;
});
