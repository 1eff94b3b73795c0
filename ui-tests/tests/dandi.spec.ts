import { expect, test, type IJupyterLabPageFixture } from '@jupyterlab/galata';
import {
  ChildProcessWithoutNullStreams,
  execFileSync,
  spawn
} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createInterface, type Interface } from 'readline';

/**
 * The way in to remote NWB files, against a local server that behaves like
 * the DANDI API and its object storage (tests/python/dandi/dandi_like_server.py,
 * two origins: the API redirects to presigned-style storage URLs): open an
 * asset from the DANDI browser (storage with CORS: read directly), then by
 * path with storage that sends no CORS headers (read through the Jupyter
 * server's proxy), then with `NWBView(dandiset=…, path=…)` in a notebook. Each
 * time: nothing lands under the Jupyter root and the bytes read are a small
 * share of the file. Light and dark screenshots.
 */
const PYTHON = process.env.PYTHON ?? 'python';
const REPO = path.resolve(__dirname, '../..');
const GENERATOR = path.join(REPO, 'tests/python/viewer/make_session_nwb.py');
const SERVER = path.join(REPO, 'tests/python/dandi/dandi_like_server.py');
const FILE = path.join(os.tmpdir(), `dandi-ui-${process.pid}.nwb`);
const ASSET = 'sub-X/sub-X_ses-Y_desc-processed_behavior+ecephys.nwb';
const ARTIFACTS = 'ui-tests/artifacts';
const REMOTE_VIEWER = '.jp-NwbViewer-remote';
const SETTINGS_ID = 'jupyterlab-ibl-nwb:remote';

/** The DANDI-like server as a child process; `mode <m>` on stdin switches the storage behaviour. */
class DandiLike {
  api = '';
  /** A LINDI URL template whose index exists but is unusable. */
  lindi = '';
  private readonly lines: Interface;
  private readonly waiting: ((line: string) => void)[] = [];

  constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: proc.stdout });
    this.lines.on('line', line => this.waiting.shift()?.(line));
  }

  static async start(): Promise<DandiLike> {
    const proc = spawn(PYTHON, [SERVER, '--file', `${ASSET}=${FILE}`], {
      cwd: REPO
    });
    let stderr = '';
    proc.stderr.on('data', chunk => (stderr += chunk));
    const server = new DandiLike(proc);
    const first = await Promise.race([
      server.next(),
      new Promise<string>((_, reject) =>
        setTimeout(
          () => reject(new Error(`no DANDI-like server: ${stderr}`)),
          30000
        )
      )
    ]);
    ({ api: server.api, lindi: server.lindi } = JSON.parse(first));
    return server;
  }

  next(): Promise<string> {
    return new Promise(resolve => this.waiting.push(resolve));
  }

  async mode(mode: string): Promise<void> {
    const answer = this.next();
    this.proc.stdin.write(`mode ${mode}\n`);
    expect(JSON.parse(await answer)).toEqual({ mode });
  }

  stop(): void {
    this.proc.stdin.end();
    this.proc.kill();
  }
}

let dandi: DandiLike;
let fileSize = 0;

test.use({ autoGoto: false });
test.setTimeout(240000);

test.beforeAll(async () => {
  // ~50 MB: a raw band beside the units, so a lazy open reads a small share.
  execFileSync(PYTHON, [
    GENERATOR,
    FILE,
    '--trials',
    '200',
    '--units',
    '60',
    '--raw-seconds',
    '2'
  ]);
  fileSize = fs.statSync(FILE).size;
  dandi = await DandiLike.start();
});

test.afterAll(() => {
  dandi?.stop();
  fs.rmSync(FILE, { force: true });
});

/** Point the remote settings at the local archive (no LINDI service offline), then load the lab. */
async function goto(
  page: IJupyterLabPageFixture,
  lindiUrlTemplate = ''
): Promise<void> {
  await page.goto();
  await page.evaluate(
    async ([id, raw]) => {
      const app = (window as any).jupyterapp;
      await app.serviceManager.settings.save(id, raw);
    },
    [SETTINGS_ID, JSON.stringify({ dandiApiUrl: dandi.api, lindiUrlTemplate })]
  );
  await page.reload();
  await page.waitForSelector('#jp-main-dock-panel');
}

/** Every .nwb under the Jupyter root (two levels deep). */
async function nwbFilesOnServer(
  page: IJupyterLabPageFixture
): Promise<string[]> {
  return page.evaluate(async () => {
    const contents = (window as any).jupyterapp.serviceManager.contents;
    const found: string[] = [];
    const walk = async (dir: string, depth: number) => {
      const listing = await contents.get(dir, { content: true });
      for (const item of listing.content) {
        if (item.type === 'directory' && depth < 2) {
          await walk(item.path, depth + 1);
        } else if (/\.nwb/.test(item.name)) {
          found.push(item.path);
        }
      }
    };
    await walk('', 0);
    return found;
  });
}

/** Wait for the viewer's status and check it read a small share of the file, by the route expected. */
async function expectLazyRead(
  status: ReturnType<IJupyterLabPageFixture['locator']>,
  via: 'direct' | 'proxy'
): Promise<void> {
  await expect(status).toHaveAttribute('data-ready', 'true', {
    timeout: 90000
  });
  await expect(status).toHaveAttribute('data-via', via);
  expect(Number(await status.getAttribute('data-file-size'))).toBe(fileSize);
  const bytes = Number(await status.getAttribute('data-bytes'));
  expect(bytes).toBeGreaterThan(0);
  expect(bytes).toBeLessThan(fileSize / 10);
}

test('an asset opened from the DANDI browser is read lazily, straight from storage', async ({
  page
}) => {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(error.message));
  await goto(page);
  await dandi.mode('cors');
  // The command's button in the file browser's toolbar (declared in schema/remote.json).
  await expect(
    page.locator(
      '.jp-FileBrowser-toolbar [data-command="jupyterlab-ibl-nwb:open-remote-nwb"]'
    )
  ).toBeVisible();
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute(
      'jupyterlab-ibl-nwb:dandi-browser'
    )
  );
  const browser = page.locator('.jp-DandiBrowser');
  await expect(browser.locator('code')).toHaveText(dandi.api);
  await browser.locator('.jp-DandiBrowser-search').fill('IBL');
  await browser.locator('.jp-DandiBrowser-searchForm button').click();
  await browser
    .locator('[data-kind="dandiset"][data-dandiset="000409"]')
    .click();
  await browser.locator('[data-kind="folder"][data-path="sub-X"]').click();
  await page.theme.setLightTheme();
  await browser.screenshot({ path: `${ARTIFACTS}/dandi-browser-light.png` });
  await browser.locator(`[data-kind="asset"][data-path="${ASSET}"]`).click();

  const viewer = page.locator(REMOTE_VIEWER);
  const status = viewer.locator('.jp-NwbViewer-status');
  await expectLazyRead(status, 'direct');
  await expect(viewer.locator('.jp-NwbViewer-error')).toBeHidden();
  await expect(viewer.locator('.jp-NwbViewer-tree')).toBeVisible();
  await viewer.screenshot({ path: `${ARTIFACTS}/dandi-viewer-light.png` });
  await page.theme.setDarkTheme();
  await viewer.screenshot({ path: `${ARTIFACTS}/dandi-viewer-dark.png` });
  await page.theme.setLightTheme();

  // The recent list offers it again.
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute(
      'jupyterlab-ibl-nwb:dandi-browser'
    )
  );
  await expect(browser.locator('[data-kind="recent"]').first()).toHaveText(
    `000409/draft/${ASSET}`
  );
  // So does the IBL sidebar (the same list), and a click there opens it again.
  await page
    .locator('.jp-SideBar.jp-mod-left [data-id="jp-IblNwb-sidebar"]')
    .click();
  const recent = page
    .locator('#jp-IblNwb-sidebar [data-testid="remote-files"]')
    .getByRole('list', { name: 'Recent remote files' })
    .getByRole('button');
  await expect(recent.first()).toHaveText(`000409/draft/${ASSET}`);
  // Close the viewer tab, so the click must open it again.
  await page.evaluate(() => {
    for (const widget of Array.from(
      (window as any).jupyterapp.shell.widgets('main') as Iterable<any>
    )) {
      if (widget.node.querySelector('.jp-NwbViewer')) {
        widget.close();
      }
    }
  });
  await expect(page.locator(REMOTE_VIEWER)).toHaveCount(0);
  await recent.first().click();
  await expectLazyRead(
    page.locator(`${REMOTE_VIEWER} .jp-NwbViewer-status`),
    'direct'
  );
  expect(await nwbFilesOnServer(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('storage without CORS is read through the Jupyter server, by dandiset/version/path', async ({
  page
}) => {
  await goto(page);
  await dandi.mode('nocors');
  // Through the File menu and the command's dialog, as a user would.
  await page.menu.clickMenuItem('File>Open NWB from URL or DANDI…');
  const dialog = page.locator('.jp-Dialog');
  await dialog.locator('input').fill(`000409/draft/${ASSET}`);
  await dialog.locator('.jp-mod-accept').click();
  const status = page.locator(`${REMOTE_VIEWER} .jp-NwbViewer-status`);
  await expectLazyRead(status, 'proxy');
  await expect(status).toContainText('through the Jupyter server');
  expect(await nwbFilesOnServer(page)).toEqual([]);
  // A reload reopens the tab, resolved against the configured archive (not the default one).
  // (The restored tab, not the Launcher, is active: do not wait for the Launcher.)
  await page.reload({ waitForIsReady: false });
  await expectLazyRead(
    page.locator(`${REMOTE_VIEWER} .jp-NwbViewer-status`),
    'proxy'
  );
  await dandi.mode('cors');
});

test('NWBView(dandiset=…, path=…) renders the remote asset inline', async ({
  page,
  tmpPath
}) => {
  await goto(page);
  await dandi.mode('cors');
  await page.filebrowser.openDirectory(tmpPath);
  await page.notebook.createNew('dandi.ipynb');
  await page.notebook.setCell(
    0,
    'code',
    `from jupyterlab_ibl_nwb import NWBView; NWBView(dandiset="000409", path="${ASSET}", version="draft", object_path="/units")`
  );
  await page.notebook.runCell(0);
  const output = page.locator('.jp-OutputArea-output.jp-NwbViewer-output');
  await expect(output).toBeVisible({ timeout: 60000 });
  await expectLazyRead(output.locator('.jp-NwbViewer-status'), 'direct');
  await expect(
    output.locator('.jp-NwbViewer-view[data-rendered="true"]')
  ).toBeVisible({ timeout: 60000 });
  await output.screenshot({ path: `${ARTIFACTS}/dandi-nwbview-light.png` });
  await page.theme.setDarkTheme();
  await output.screenshot({ path: `${ARTIFACTS}/dandi-nwbview-dark.png` });
  await page.theme.setLightTheme();
  expect(
    (await nwbFilesOnServer(page)).filter(p => !p.endsWith('.ipynb'))
  ).toEqual([]);
});

test('a server ignoring Range, failing at first, and an unusable LINDI index still end in the file', async ({
  page
}) => {
  await goto(page, dandi.lindi);
  const open = (input: string) =>
    page.evaluate(
      input =>
        // The command resolves to its viewer tab, which cannot cross to the test: drop it.
        (window as any).jupyterapp.commands
          .execute('jupyterlab-ibl-nwb:open-remote-nwb', { input })
          .then(() => undefined),
      input
    );
  // 503 twice, then served: the retries hide it; the LINDI index is tried, then the HDF5 file.
  await dandi.mode('flaky');
  await open(`000409/draft/${ASSET}`);
  const status = page.locator(`${REMOTE_VIEWER} .jp-NwbViewer-status`).last();
  await expectLazyRead(status, 'direct');
  await expect(status).toContainText('LINDI not used');
  // No Range: the 48 MB file is under the 256 MiB limit, so it is read whole, and the tab says so.
  await dandi.mode('norange');
  await open(`000409/draft/${ASSET}`);
  const whole = page.locator(`${REMOTE_VIEWER} .jp-NwbViewer-status`).last();
  await expect(whole).toHaveAttribute('data-ready', 'true', { timeout: 90000 });
  await expect(whole).toContainText('server ignores Range: whole file read');
  expect(Number(await whole.getAttribute('data-bytes'))).toBeGreaterThanOrEqual(
    fileSize
  );
  expect(await nwbFilesOnServer(page)).toEqual([]);
  await dandi.mode('cors');
});
