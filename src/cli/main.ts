#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { runCli } from './run-cli.js';

function packageVersion(): string | undefined {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string })
      .version;
  } catch {
    return undefined;
  }
}

const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('Interrupted (SIGINT)')));
process.once('SIGTERM', () => controller.abort(new Error('Terminated (SIGTERM)')));
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
