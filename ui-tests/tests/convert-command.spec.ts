/**
 * "Convert to NWB…" from the file browser: on an ALF session folder, and on
 * an edited metadata document (pynwb reads the edit back). The command is
 * not offered on folders that are not sessions.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';

import { gotoFailingOnPageErrors, serverRoot } from './helpers';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'jupyterlab_ibl_nwb', 'cli', 'ibl2nwb.mjs');
const PYTHON = path.join(REPO, '.venv', 'bin', 'python');
const SAMPLE = path.join(REPO, 'demo', 'one-cache');
const SESSION = 'cortexlab/Subjects/KS074/2021-11-17';
const ARTIFACTS = path.join(REPO, 'ui-tests', 'artifacts');
const MENU_ITEM = '.lm-Menu-item:visible:has-text("Convert to NWB…")';

/** The sample ONE cache copied into the test folder, as a user's own data would be. */
async function copySample(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<string> {
  const cache = path.join(await serverRoot(page), tmpPath, 'ONE');
  fs.cpSync(SAMPLE, cache, { recursive: true });
  return cache;
}

/** Right-click an item of the current file-browser folder. */
async function contextMenuOn(page: IJupyterLabPageFixture, name: string) {
  const item = page.locator(
    `.jp-DirListing-item:has(.jp-DirListing-itemText :text-is("${name}"))`
  );
  await item.click();
  await item.click({ button: 'right' });
  await expect(page.locator('.lm-Menu').first()).toBeVisible();
}

/** Accept the output dialog with `output` and wait for the job to finish. */
async function convertTo(page: IJupyterLabPageFixture, output: string) {
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('Output file');
  const input = dialog.locator('input');
  await expect(input).toHaveValue(/desc-processed_behavior\+ecephys\.nwb$/);
  await input.fill(output);
  await dialog.getByRole('button', { name: 'Convert' }).click();
  const job = page.locator(
    `#jp-IblNwb-sidebar li.jp-IblNwb-job[data-output="${output}"]`
  );
  await expect(job).toHaveAttribute('data-status', 'done', {
    timeout: 120_000
  });
  return job;
}

test.use({ autoGoto: false });

test.describe('Convert to NWB… in the file browser', () => {
  gotoFailingOnPageErrors();

  test('on an ALF session folder', async ({ page, tmpPath }) => {
    const cache = await copySample(page, tmpPath);
    await page.filebrowser.openDirectory(`${tmpPath}/ONE`);
    await contextMenuOn(page, 'cortexlab');
    // Not a session folder: nothing to convert.
    await expect(page.locator(MENU_ITEM)).toHaveCount(0);
    await page.keyboard.press('Escape');

    await page.filebrowser.openDirectory(`${tmpPath}/ONE/${SESSION}`);
    await contextMenuOn(page, '001');
    await page.locator(MENU_ITEM).click();
    const output = `${tmpPath}/from-folder.nwb`;
    await convertTo(page, output);
    await page.screenshot({
      path: path.join(ARTIFACTS, 'convert-command-folder.png')
    });
    const file = path.join(path.dirname(cache), 'from-folder.nwb');
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(`${file}.part`)).toBe(false);
  });

  test('with its defaults on a fresh install (the nwb/ folder does not exist yet)', async ({
    page,
    tmpPath
  }) => {
    await copySample(page, tmpPath);
    // The output folder setting's default, "nwb" under the Jupyter root, as a new user has it.
    const nwbFolder = path.join(await serverRoot(page), 'nwb');
    fs.rmSync(nwbFolder, { recursive: true, force: true });
    try {
      await page.filebrowser.openDirectory(`${tmpPath}/ONE/${SESSION}`);
      await contextMenuOn(page, '001');
      await page.locator(MENU_ITEM).click();
      const dialog = page.locator('.jp-Dialog');
      const input = dialog.locator('input');
      await expect(input).toHaveValue(
        /^nwb\/sub-[A-Za-z0-9-]+\/sub-[A-Za-z0-9-]+_ses-[0-9a-f-]{36}_desc-processed_behavior\+ecephys\.nwb$/
      );
      const output = await input.inputValue();
      await dialog.getByRole('button', { name: 'Convert' }).click();
      const job = page.locator(
        `#jp-IblNwb-sidebar li.jp-IblNwb-job[data-output="${output}"]`
      );
      await expect(job).toHaveAttribute('data-status', 'done', {
        timeout: 120_000
      });
      const file = path.join(await serverRoot(page), output);
      expect(fs.existsSync(file)).toBe(true);
      expect(fs.statSync(file).size).toBeGreaterThan(0);
      expect(
        fs.readdirSync(nwbFolder).filter(n => n.includes('.part'))
      ).toEqual([]);
    } finally {
      fs.rmSync(nwbFolder, { recursive: true, force: true });
    }
  });

  test('on an edited metadata document', async ({ page, tmpPath }) => {
    const cache = await copySample(page, tmpPath);
    const folder = path.dirname(cache);
    const metadata = path.join(folder, 'KS074.metadata.json');
    execFileSync('node', [
      CLI,
      'metadata',
      `KS074/2021-11-17/001`,
      '--cache',
      cache,
      '-o',
      metadata
    ]);
    const document = JSON.parse(fs.readFileSync(metadata, 'utf8'));
    document.NWBFile.session_description = 'Edited before Convert to NWB…';
    fs.writeFileSync(metadata, JSON.stringify(document, null, 2));

    // The command reads the cache folder from the settings.
    await page.evaluate(async cacheDir => {
      const registry = await window.galata.getPlugin(
        '@jupyterlab/apputils-extension:settings'
      );
      await registry?.set('jupyterlab-ibl-nwb:plugin', 'cacheDir', cacheDir);
    }, `${tmpPath}/ONE`);
    await page.filebrowser.openDirectory(tmpPath);
    await contextMenuOn(page, 'KS074.metadata.json');
    await page.locator(MENU_ITEM).click();
    const output = `${tmpPath}/from-metadata.nwb`;
    await convertTo(page, output);

    const description = execFileSync(
      PYTHON,
      [
        '-c',
        'import sys, pynwb\n' +
          'with pynwb.NWBHDF5IO(sys.argv[1], "r") as io:\n' +
          '    print(io.read().session_description)',
        path.join(folder, 'from-metadata.nwb')
      ],
      { encoding: 'utf8' }
    ).trim();
    expect(description).toBe('Edited before Convert to NWB…');
  });
});
