/**
 * What the browser benches share: JupyterLab started with the UI tests' server
 * configuration on a temporary root, waited for, and headless Chromium with the
 * UI tests' flags. Each bench puts its files in `lab.root` and opens
 * `${lab.base}/lab/tree/...`.
 */
/* global fetch, setTimeout -- node 20 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { chromium } from '@playwright/test';

export const repo = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..'
);

/** `--name value` taken out of `args` (the value), else `fallback`. */
export function takeOption(args, name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
}

/** `file` into `folder` as `name`: a hard link, else a copy (another disk). */
export function linkInto(file, folder, name) {
  try {
    fs.linkSync(file, path.join(folder, name));
  } catch {
    fs.copyFileSync(file, path.join(folder, name));
  }
}

/**
 * A JupyterLab server on a new temporary root (`prefix`), started now: `ready()` resolves
 * once it answers, `stop()` ends it and removes the root.
 */
export function startLab(prefix, port) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const server = spawn(
    'jupyter',
    [
      'lab',
      '--config',
      path.join(repo, 'ui-tests/jupyter_server_test_config.py'),
      `--ServerApp.port=${port}`,
      '--no-browser'
    ],
    {
      env: { ...process.env, JUPYTERLAB_GALATA_ROOT_DIR: root },
      stdio: ['ignore', 'ignore', 'pipe']
    }
  );
  let log = '';
  server.stderr.on('data', d => (log += d));
  const base = `http://localhost:${port}`;
  return {
    root,
    base,
    async ready() {
      for (let i = 0; i < 240; i++) {
        try {
          if ((await fetch(`${base}/lab`)).ok) {
            return;
          }
        } catch {
          // not yet
        }
        await new Promise(r => setTimeout(r, 500));
      }
      throw new Error(`JupyterLab did not start:\n${log.slice(-2000)}`);
    },
    stop() {
      server.kill('SIGTERM');
      fs.rmSync(root, { recursive: true, force: true });
    }
  };
}

/** Headless Chromium (Debian's, or CHROMIUM_PATH) with the UI tests' flags, plus `extra`. */
export function launchChromium(extra = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', ...extra]
  });
}
