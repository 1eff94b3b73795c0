/**
 * The remote Alyx source against our local Alyx test server (tools/alyx-server,
 * started here on a free port with the bundled sample's sessions): bad
 * credentials show a clear error; good ones search and select a session; a
 * server fault mid-download (a data file's connection dropped) fails the
 * conversion job with the file named and leaves no .nwb (nor .nwb.part).
 *
 * The Jupyter server keeps the token in ONE's params files (here a test
 * folder, $IBL_NWB_TEST_ONE_DIR, not ~/.one); this spec checks that the page
 * never sees it, and removes what it made there afterwards.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createInterface, Interface } from 'readline';

import { expect, test } from '@jupyterlab/galata';

import {
  gotoFailingOnPageErrors,
  SIDEBAR,
  SIDEBAR_TAB,
  serverRoot,
  startConversion
} from './helpers';
import { openWorkspace } from './workspaceHelpers';

const REPO = path.resolve(__dirname, '..', '..');
const SAMPLE = path.join(REPO, 'demo', 'one-cache');
const ARTIFACTS = path.join(REPO, 'ui-tests', 'artifacts');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');
const HELPER = path.join(
  REPO,
  'tests',
  'python',
  'server',
  'alyx_with_faults.ts'
);
const USER = 'ui_alyx_user';
const PASSWORD = 'ui-alyx-password';
// Where the UI test server keeps Alyx tokens (playwright.config.js sets it; never ~/.one).
const ONE_PARAMS =
  process.env.IBL_NWB_TEST_ONE_DIR ?? path.join(os.homedir(), '.one');

/** The local Alyx as a child process; commands (faults) go through its stdin. */
class LocalAlyx {
  url = '';
  private lines: Interface;
  private waiting: ((line: string) => void)[] = [];

  constructor(private proc: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: proc.stdout });
    this.lines.on('line', line => this.waiting.shift()?.(line));
  }

  static async start(): Promise<LocalAlyx> {
    const proc = spawn(
      TSX,
      [HELPER, '--user', USER, '--password', PASSWORD, '--cache', SAMPLE],
      { cwd: REPO, detached: true }
    );
    let stderr = '';
    proc.stderr.on('data', chunk => (stderr += chunk));
    const server = new LocalAlyx(proc);
    const first = await Promise.race([
      server.next(),
      new Promise<string>((_, reject) =>
        setTimeout(
          () => reject(new Error(`the local Alyx did not start: ${stderr}`)),
          60000
        )
      )
    ]);
    server.url = JSON.parse(first).url;
    return server;
  }

  /** The client key ONE files this host under (one.params._key_from_url). */
  get key(): string {
    return this.url
      .replace(/^https?:\/\//, '')
      .toLowerCase()
      .replace(/[^.\w\s-]/g, '_');
  }

  next(): Promise<string> {
    return new Promise(resolve => this.waiting.push(resolve));
  }

  async command(command: Record<string, unknown>): Promise<void> {
    const answer = this.next();
    this.proc.stdin.write(JSON.stringify(command) + '\n');
    expect(JSON.parse(await answer).ok).toBe(true);
  }

  stop(): void {
    try {
      process.kill(-this.proc.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** Remove this host's token file, its .caches entry and its downloads (made by this run). */
function forgetHost(key: string): void {
  fs.rmSync(path.join(ONE_PARAMS, `.${key}`), { force: true });
  const cachesFile = path.join(ONE_PARAMS, '.caches');
  if (fs.existsSync(cachesFile)) {
    const caches = JSON.parse(fs.readFileSync(cachesFile, 'utf8'));
    const folder = caches.CLIENT_MAP?.[key];
    if (folder) {
      fs.rmSync(folder, { recursive: true, force: true });
      delete caches.CLIENT_MAP[key];
      if (caches.DEFAULT === key) {
        delete caches.DEFAULT;
      }
      if (Object.keys(caches.CLIENT_MAP).length === 0 && !caches.DEFAULT) {
        fs.rmSync(cachesFile);
      } else {
        fs.writeFileSync(cachesFile, JSON.stringify(caches, null, 4), {
          mode: 0o600
        });
      }
    }
  }
}

let alyx: LocalAlyx;

test.beforeAll(async () => {
  alyx = await LocalAlyx.start();
});

test.afterAll(() => {
  alyx?.stop();
  if (alyx?.url) {
    forgetHost(alyx.key);
  }
});

test.use({ autoGoto: false });
gotoFailingOnPageErrors();

test('remote Alyx: login errors, search, and a fault mid-download', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(180000);
  const root = await serverRoot(page);
  const shot = async (name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

  await page.locator(SIDEBAR_TAB).click();
  const panel = page.locator(SIDEBAR);
  await panel.getByRole('radio', { name: 'Remote Alyx' }).check();
  // Remote: no cache folder; searching waits for a login.
  const search = panel.getByRole('form', { name: 'Search sessions' });
  await expect(search.locator('input[name="cache"]')).toHaveCount(0);
  await panel.getByLabel('Alyx URL').fill(alyx.url);
  await expect(search.getByRole('button', { name: 'Search' })).toBeDisabled();

  // Bad credentials: a clear error, inline.
  const login = panel.getByRole('form', { name: 'Alyx login' });
  await expect(login.getByLabel('Password')).toHaveAttribute(
    'type',
    'password'
  );
  await login.getByLabel('User name').fill(USER);
  await login.getByLabel('Password').fill('not-the-password');
  await login.getByLabel('Password').press('Enter');
  const error = panel.getByTestId('alyx-error');
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error).toContainText(`refused the login of '${USER}'`);
  await expect(error).toContainText('check the user name and password');
  await expect(error).not.toContainText('not-the-password');
  await shot('remote-login-error-light');

  // Good credentials: logged in; the token stays on the server.
  await login.getByLabel('Password').fill(PASSWORD);
  await login.getByLabel('Password').press('Enter');
  await expect(panel.getByTestId('alyx-user')).toContainText(
    `Logged in as ${USER}`
  );
  await expect(error).toHaveCount(0);
  const params = JSON.parse(
    fs.readFileSync(path.join(ONE_PARAMS, `.${alyx.key}`), 'utf8')
  );
  const token: string = params.TOKEN[USER].token;
  expect(token).toMatch(/^[0-9a-f]{40}$/);
  expect(fs.statSync(path.join(ONE_PARAMS, `.${alyx.key}`)).mode & 0o777).toBe(
    0o600
  );

  // Search the remote Alyx and select a session.
  await search.locator('input[name="subject"]').fill('KS074');
  await search.locator('input[name="subject"]').press('Enter');
  await expect(panel.getByTestId('result-count')).toHaveText('1 session');
  // The form and Convert are in the session's workspace (main area).
  const ws = await openWorkspace(page, panel);
  await expect(ws.getByTestId('metadata-status')).toHaveAttribute(
    'data-problems',
    '0',
    { timeout: 30000 }
  );
  await shot('remote-session-light');

  // A fault mid-conversion: the connection drops on the spike times files
  // (other files download first), on every retry.
  await alyx.command({
    faults: [{ pattern: '^/public/.*spikes\\.times', fault: { kind: 'drop' } }]
  });
  const output = `${tmpPath}/remote.nwb`;
  await ws.locator('input[name="metadataPath"]').fill(`${tmpPath}/m.json`);
  await ws.locator('input[name="output"]').fill(output);
  const job = await startConversion(ws);
  await expect(job).toHaveAttribute('data-status', 'failed', {
    timeout: 120000
  });
  const jobError = job.getByTestId('job-error');
  await expect(jobError).toContainText('spikes.times');
  await expect(jobError).toContainText(alyx.url);
  await job.scrollIntoViewIfNeeded();
  await shot('remote-job-failed-light');
  expect(fs.existsSync(path.join(root, output))).toBe(false);
  expect(fs.existsSync(path.join(root, `${output}.part`))).toBe(false);

  // The token never reached the page (nor its storage).
  expect(await page.content()).not.toContain(token);
  const storage = await page.evaluate(() =>
    JSON.stringify({ ...localStorage, ...sessionStorage })
  );
  expect(storage).not.toContain(token);

  // Dark theme: the failed job, then log out and the login error again.
  await page.theme.setDarkTheme();
  await job.scrollIntoViewIfNeeded();
  await shot('remote-job-failed-dark');
  await panel.getByRole('button', { name: 'Log out' }).focus();
  await page.keyboard.press('Enter');
  await expect(login).toBeVisible();
  expect(
    JSON.parse(fs.readFileSync(path.join(ONE_PARAMS, `.${alyx.key}`), 'utf8'))
      .TOKEN
  ).toEqual({});
  await login.getByLabel('User name').fill(USER);
  await login.getByLabel('Password').fill('wrong');
  await login.getByLabel('Password').press('Enter');
  await expect(error).toContainText('check the user name and password');
  await panel.getByLabel('Alyx URL').scrollIntoViewIfNeeded();
  await shot('remote-login-error-dark');
  await page.theme.setLightTheme();
});
