/**
 * Issue 6's first acceptance check, in a real JupyterLab: search the bundled
 * sample → select a session → edit session_description in the metadata form →
 * Convert → progress 100 % → the .nwb in the file browser → Open in viewer,
 * and pynwb reads the edited description. Also: cancel stops the converter
 * process and leaves no .nwb; a reload shows the finished job again.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import {
  SIDEBAR,
  SIDEBAR_TAB,
  gotoFailingOnPageErrors,
  serverRoot,
  startConversion
} from './helpers';
import { openWorkspace, reloadRestored } from './workspaceHelpers';
import type { Locator } from '@playwright/test';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'jupyterlab_ibl_nwb', 'cli', 'ibl2nwb.mjs');
const SAMPLE = path.join(REPO, 'demo', 'one-cache');
const PYTHON = path.join(REPO, '.venv', 'bin', 'python');
const ARTIFACTS = path.join(REPO, 'ui-tests', 'artifacts');

interface ISession {
  eid: string;
  subject: string;
  date: string;
}

/** Sessions the search backend finds (its results are checked against ONE in pytest). */
function search(cache: string, args: string[] = []): ISession[] {
  const out = execFileSync(
    'node',
    [CLI, 'search', '--cache', cache, '--json', ...args],
    { encoding: 'utf8' }
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line));
}

/** DANDI 000409's layout: the subject's folder, then the file (the one naming rule). */
function dandiName(session: ISession): string {
  const sub = `sub-${session.subject.replace(/[^A-Za-z0-9-]+/g, '-')}`;
  return `${sub}/${sub}_ses-${session.eid}_desc-processed_behavior+ecephys.nwb`;
}

/** Show the sidebar (a click on its tab would close it if the layout restored it open). */
async function openSidebar(page: IJupyterLabPageFixture): Promise<void> {
  if (!(await page.locator(SIDEBAR).isVisible())) {
    await page.locator(SIDEBAR_TAB).click();
  }
  await expect(page.locator(SIDEBAR)).toBeVisible();
}

/**
 * Search the given cache (empty = bundled sample), select one session and open
 * its workspace, where the metadata form, Convert and its jobs are.
 */
async function selectSession(
  page: IJupyterLabPageFixture,
  cache: string,
  filters: Record<string, string>,
  session: ISession
): Promise<Locator> {
  await openSidebar(page);
  const panel = page.locator(SIDEBAR);
  const form = panel.getByRole('form', { name: 'Search sessions' });
  await form.locator('input[name="cache"]').fill(cache);
  for (const [name, value] of Object.entries(filters)) {
    await form.locator(`input[name="${name}"]`).fill(value);
  }
  await form.locator('input[name="cache"]').press('Enter');
  return openWorkspace(page, panel, session.eid);
}

/** Point the metadata JSON and the .nwb into the test's own folder. */
async function setPaths(
  panel: Locator,
  metadata: string,
  output: string
): Promise<void> {
  await panel.locator('input[name="metadataPath"]').fill(metadata);
  await panel.locator('input[name="output"]').fill(output);
}

test.use({ autoGoto: false });

test.describe('Converting a session from the sidebar', () => {
  gotoFailingOnPageErrors();

  for (const theme of ['light', 'dark'] as const) {
    test(`search → edit metadata → convert → file browser → viewer (${theme})`, async ({
      page,
      tmpPath
    }) => {
      test.setTimeout(120000);
      const shot = async (step: string, show?: Locator) => {
        await show?.scrollIntoViewIfNeeded();
        await page.screenshot({
          path: path.join(ARTIFACTS, `convert-${step}-${theme}.png`)
        });
      };
      if (theme === 'dark') {
        await page.theme.setDarkTheme();
      }
      const range = ['--date-range', '2021-11-01,2021-11-30'];
      const found = search(SAMPLE, ['--subject', 'KS074', ...range]);
      expect(found).toHaveLength(1);
      const session = found[0];

      const panel = await selectSession(
        page,
        '',
        { subject: 'KS074', dateFrom: '2021-11-01', dateTo: '2021-11-30' },
        session
      );
      await expect(
        page.locator(SIDEBAR).getByTestId('result-count')
      ).toHaveText('1 session');
      await expect(panel.getByTestId('metadata-status')).toHaveAttribute(
        'data-problems',
        '0'
      );
      await shot('1-session', panel.getByTestId('metadata-status'));

      // Defaults: metadata JSON and DANDI-style .nwb in the settings' output folder.
      await expect(panel.locator('input[name="metadataPath"]')).toHaveValue(
        `nwb/${session.subject}_${session.date}_001.metadata.json`
      );
      await expect(panel.locator('input[name="output"]')).toHaveValue(
        `nwb/${dandiName(session)}`
      );
      // This test's own paths before any edit: edits are saved as they are
      // made, and a draft left at the default path would be restored by the
      // next test that opens this session (the remote spec's, the dark run).
      const output = `${tmpPath}/${dandiName(session)}`;
      const metadata = `${tmpPath}/${session.subject}.metadata.json`;
      await setPaths(panel, metadata, output);

      // Inline validation: an empty description is flagged at its field and blocks Convert.
      const description = panel.getByLabel('Session description');
      await description.fill('');
      const field = panel.locator(
        '[data-field$="NWBFile_session_description"]'
      );
      await expect(field.locator('.validationErrors')).toContainText(
        'is required'
      );
      await expect(panel.getByTestId('metadata-status')).toHaveAttribute(
        'data-problems',
        '1'
      );
      const convertButton = panel.getByRole('button', { name: 'Convert' });
      await expect(convertButton).toBeDisabled();
      await shot('2-invalid', field);

      const edited = `Edited in the sidebar (${theme}) ${Date.now()}`;
      await description.fill(edited);
      await expect(field.locator('.validationErrors')).toBeEmpty();
      await expect(convertButton).toBeEnabled();

      await shot('3-edited');
      const job = await startConversion(panel);
      await expect(job).toHaveAttribute('data-output', output);
      await expect(job).toHaveAttribute('data-status', 'done', {
        timeout: 60000
      });
      await expect(job.getByRole('progressbar')).toHaveAttribute(
        'aria-valuenow',
        '100'
      );
      const identical = await job.getByTestId('report-identical').innerText();
      const [same, total] = identical.split(' ')[0].split('/').map(Number);
      expect(total).toBeGreaterThan(0);
      expect(same).toBe(total);
      await job.getByTestId('fidelity-report').locator('summary').click();
      await shot('4-done', job);

      await page.sidebar.openTab('filebrowser');
      // The subject's folder of DANDI's layout holds the file.
      await page.filebrowser.openDirectory(path.dirname(output));
      const name = path.basename(output);
      await expect(
        page.locator('.jp-DirListing-item[data-file-type="nwb"]', {
          hasText: name
        })
      ).toBeVisible();
      await shot('5-file-browser');

      await openSidebar(page);
      await job.getByRole('button', { name: 'Open in viewer' }).click();
      await expect(
        page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', { hasText: name })
      ).toBeVisible();
      await expect(
        page.locator('.jp-NwbViewer .jp-NwbViewer-status[data-ready="true"]')
      ).toBeVisible({ timeout: 30000 });
      await shot('6-viewer');

      // The oracles: the saved metadata JSON and pynwb reading the written file.
      const root = await serverRoot(page);
      const saved = JSON.parse(
        fs.readFileSync(path.join(root, metadata), 'utf8')
      );
      expect(saved.NWBFile.session_description).toBe(edited);
      const read = execFileSync(
        PYTHON,
        [
          '-c',
          'import sys, pynwb\n' +
            'with pynwb.NWBHDF5IO(sys.argv[1], "r") as io:\n' +
            '    print(io.read().session_description)',
          path.join(root, output)
        ],
        { encoding: 'utf8' }
      );
      expect(read.trim()).toBe(edited);
    });
  }

  test('cancel stops the converter process and leaves no .nwb', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(240000);
    // The bundled sample converts in ~2 s: too quick to cancel reliably. A
    // generated "small" session (10 min of task, ~1 M spikes) with its raw
    // ephys takes ~10-20 s.
    const root = await serverRoot(page);
    const cache = `${tmpPath}/small-cache`;
    execFileSync(
      path.join(REPO, 'node_modules', '.bin', 'tsx'),
      [
        'src/one/generate/main.ts',
        '--out',
        path.join(root, cache),
        '--sessions',
        '1',
        '--seed',
        '7',
        '--size',
        'small'
      ],
      { cwd: REPO, stdio: 'ignore' }
    );
    const [session] = search(path.join(root, cache));
    const panel = await selectSession(page, cache, {}, session);
    const output = `${tmpPath}/${dandiName(session)}`;
    await setPaths(panel, `${tmpPath}/small.metadata.json`, output);
    await panel.locator('input[name="raw"]').check();
    const job = await startConversion(panel);
    await expect(job).toHaveAttribute('data-status', 'running', {
      timeout: 30000
    });
    const jobId = await job.getAttribute('data-job-id');
    // The converter subprocess, as the server reports it.
    const converter = { pid: 0 };
    await expect
      .poll(async () => {
        const response = await page.request.get(
          `/jupyterlab-ibl-nwb/jobs/${jobId}`
        );
        converter.pid = (await response.json()).pid ?? 0;
        return converter.pid;
      })
      .toBeGreaterThan(0);
    const alive = (id: number) => {
      try {
        process.kill(id, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive(converter.pid)).toBe(true);

    await job.getByRole('button', { name: 'Cancel' }).click();
    await expect(job).toHaveAttribute('data-status', 'cancelled', {
      timeout: 20000
    });
    await expect.poll(() => alive(converter.pid)).toBe(false);
    await expect(job.getByTestId('job-cancelled')).toContainText(
      'no NWB file was written'
    );
    await job.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: path.join(ARTIFACTS, 'convert-cancelled-light.png')
    });
    const written = path.join(root, output);
    expect(fs.existsSync(written)).toBe(false);
    expect(fs.existsSync(`${written}.part`)).toBe(false);
  });

  test('a reload shows the finished job again', async ({ page, tmpPath }) => {
    test.setTimeout(120000);
    const [session] = search(SAMPLE, ['--subject', 'ZFM-01315']);
    const panel = await selectSession(
      page,
      '',
      { subject: 'ZFM-01315' },
      session
    );
    const output = `${tmpPath}/reload.nwb`;
    await setPaths(panel, `${tmpPath}/reload.metadata.json`, output);
    const job = await startConversion(panel);
    await expect(job).toHaveAttribute('data-status', 'done', {
      timeout: 60000
    });
    const jobId = await job.getAttribute('data-job-id');

    await reloadRestored(page);
    await openSidebar(page);
    const again = page
      .locator(SIDEBAR)
      .locator(`li.jp-IblNwb-job[data-job-id="${jobId}"]`);
    await expect(again).toHaveAttribute('data-status', 'done');
    await expect(again).toHaveAttribute('data-output', output);
    await expect(again.getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '100'
    );
    await expect(
      again.getByRole('button', { name: 'Open in viewer' })
    ).toBeVisible();
    await expect(again.getByTestId('fidelity-report')).toBeVisible();
  });
});
