/**
 * Issue 13, "Validate in the product": a conversion's file is validated on the
 * server and its findings are shown in the sidebar by importance (critical
 * first, counts per level, lists that open with the keyboard), equal to what
 * the NWB Inspector itself finds in the file, and still there after a reload.
 * "Validate NWB file" on a .nwb written here with pynwb (a TimeSeries of ten
 * frames at 0 Hz: a known CRITICAL finding) shows it in a panel; a path that
 * is no .nwb is refused with the server's message.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

import {
  SIDEBAR,
  SIDEBAR_TAB,
  gotoFailingOnPageErrors,
  serverRoot
} from './helpers';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'jupyterlab_ibl_nwb', 'cli', 'ibl2nwb.mjs');
const SAMPLE = path.join(REPO, 'demo', 'one-cache');
const PYTHON = process.env.PYTHON ?? 'python';
const ARTIFACTS = path.join(REPO, 'ui-tests', 'artifacts');
const LEVELS = [
  'CRITICAL',
  'BEST_PRACTICE_VIOLATION',
  'BEST_PRACTICE_SUGGESTION'
] as const;
const MENU_ITEM = '.lm-Menu-item:visible:has-text("Validate NWB file")';

/** The NWB Inspector's own findings in `file`: check names per level. */
function inspectorFindings(file: string): Record<string, string[]> {
  const script = [
    'import json, sys',
    'from nwbinspector import inspect_nwbfile',
    'worse = {"ERROR": "CRITICAL", "PYNWB_VALIDATION": "CRITICAL"}',
    'found = {}',
    'for m in inspect_nwbfile(nwbfile_path=sys.argv[1]):',
    '    level = worse.get(m.importance.name, m.importance.name)',
    '    found.setdefault(level, []).append(m.check_function_name)',
    'print(json.dumps(found))'
  ].join('\n');
  return JSON.parse(
    execFileSync(PYTHON, ['-c', script, file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    })
  );
}

/** A pynwb file whose TimeSeries has ten frames at 0 Hz (check_rate_is_not_zero). */
function writeRateZeroFile(file: string): void {
  const script = [
    'import sys, warnings',
    'from datetime import datetime, timezone',
    'import numpy as np',
    'from pynwb import NWBFile, NWBHDF5IO, TimeSeries',
    'nwb = NWBFile(session_description="rate 0", identifier="rate0",',
    '              session_start_time=datetime(2024, 1, 2, tzinfo=timezone.utc))',
    'warnings.simplefilter("ignore")',
    'nwb.add_acquisition(TimeSeries(name="position", description="wheel",',
    '                               data=np.arange(10.0), unit="m", rate=0.0))',
    'with NWBHDF5IO(sys.argv[1], "w") as io:',
    '    io.write(nwb)'
  ].join('\n');
  execFileSync(PYTHON, ['-c', script, file]);
}

/** The sample session KS074 (its eid from the CLI's own search). */
function sampleEid(): string {
  const out = execFileSync(
    'node',
    [CLI, 'search', '--cache', SAMPLE, '--json', '--subject', 'KS074'],
    { encoding: 'utf8' }
  );
  return JSON.parse(out.split('\n')[0]).eid;
}

async function openSidebar(page: IJupyterLabPageFixture): Promise<Locator> {
  if (!(await page.locator(SIDEBAR).isVisible())) {
    await page.locator(SIDEBAR_TAB).click();
  }
  await expect(page.locator(SIDEBAR)).toBeVisible();
  return page.locator(SIDEBAR);
}

/** Counts per level as shown, and the listed findings' checks per level for `tool`. */
async function shownFindings(
  validation: Locator,
  tool: string
): Promise<{ counts: number[]; checks: Record<string, string[]> }> {
  const counts = [];
  const checks: Record<string, string[]> = {};
  for (const level of LEVELS) {
    const count = validation.locator(`.jp-IblNwb-level[data-level="${level}"]`);
    counts.push(Number(await count.getAttribute('data-count')));
    const items = validation.locator(
      `details[data-level="${level}"] li[data-tool="${tool}"]`
    );
    const names = await items.evaluateAll(nodes =>
      nodes.map(node => node.getAttribute('data-check') ?? '')
    );
    if (names.length > 0) {
      checks[level] = names;
    }
  }
  return { counts, checks };
}

test.use({ autoGoto: false });

test.describe('Validation findings', () => {
  gotoFailingOnPageErrors();

  for (const theme of ['light', 'dark'] as const) {
    test(`a converted file's findings in the sidebar equal the NWB Inspector's (${theme})`, async ({
      page,
      baseURL,
      tmpPath
    }) => {
      test.setTimeout(180_000);
      if (theme === 'dark') {
        await page.theme.setDarkTheme();
      }
      const output = `${tmpPath}/ks074.nwb`;
      const response = await page.request.post(
        `${baseURL}/jupyterlab-ibl-nwb/jobs`,
        { data: { eid: sampleEid(), cacheDir: '', output } }
      );
      expect(response.status()).toBe(201);
      const { id } = await response.json();
      // Started outside this page (as by another tab): a reload lists it.
      await page.reload();
      const panel = await openSidebar(page);
      const job = panel.locator(`li.jp-IblNwb-job[data-job-id="${id}"]`);
      await expect(job).toHaveAttribute('data-status', 'done', {
        timeout: 120_000
      });
      const validation = job.getByTestId('validation');
      await expect(validation).toHaveAttribute('data-status', 'done', {
        timeout: 120_000
      });
      await expect(validation.locator('details').first()).toBeVisible();

      const file = path.join(await serverRoot(page), output);
      const oracle = inspectorFindings(file);
      expect(Object.keys(oracle).length).toBeGreaterThan(0);
      const shown = await shownFindings(validation, 'nwbinspector');
      expect(shown.checks).toEqual(oracle);
      // The counts are those of every listed finding, per level.
      for (const [k, level] of LEVELS.entries()) {
        await expect(
          validation.locator(`details[data-level="${level}"] li`)
        ).toHaveCount(shown.counts[k]);
      }
      // Levels in order of importance, most severe first.
      const order = await validation
        .locator('details')
        .evaluateAll(nodes => nodes.map(n => n.getAttribute('data-level')));
      expect(order).toEqual(LEVELS.filter(l => order.includes(l)));

      // Keyboard: a level's list opens from its summary.
      const suggestions = validation.locator(
        'details[data-level="BEST_PRACTICE_SUGGESTION"]'
      );
      await expect(suggestions).not.toHaveAttribute('open', '');
      await suggestions.locator('summary').focus();
      await page.keyboard.press('Enter');
      await expect(suggestions).toHaveAttribute('open', '');
      await expect(
        suggestions.locator('li[data-check="check_processing_module_name"]')
      ).toHaveCount(
        oracle.BEST_PRACTICE_SUGGESTION.filter(
          c => c === 'check_processing_module_name'
        ).length
      );
      await job.scrollIntoViewIfNeeded();
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await job.screenshot({
        path: path.join(ARTIFACTS, `validate-sidebar-${theme}.png`)
      });

      // The findings are kept with the job: a reload shows them again.
      await page.reload();
      const again = (await openSidebar(page))
        .locator(`li.jp-IblNwb-job[data-job-id="${id}"]`)
        .getByTestId('validation');
      await expect(again).toHaveAttribute('data-status', 'done');
      expect((await shownFindings(again, 'nwbinspector')).checks).toEqual(
        oracle
      );
    });
  }

  test('"Validate NWB file" on a .nwb in the file browser shows its critical finding', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(120_000);
    const file = path.join(await serverRoot(page), tmpPath, 'rate0.nwb');
    writeRateZeroFile(file);
    const oracle = inspectorFindings(file);
    expect(oracle.CRITICAL).toContain('check_rate_is_not_zero');

    await page.filebrowser.openDirectory(tmpPath);
    const item = page.locator(
      '.jp-DirListing-item:has(.jp-DirListing-itemText :text-is("rate0.nwb"))'
    );
    await item.click();
    await item.click({ button: 'right' });
    await page.locator(MENU_ITEM).click();

    const findings = page.locator('.jp-IblNwb-validationPanel:visible');
    const validation = findings.getByTestId('validation');
    await expect(validation).toHaveAttribute('data-status', 'done', {
      timeout: 90_000
    });
    const critical = validation.locator('details[data-level="CRITICAL"]');
    // Critical findings are open from the start, the others closed.
    await expect(critical).toHaveAttribute('open', '');
    const rate = critical.locator('li[data-check="check_rate_is_not_zero"]');
    await expect(rate).toHaveCount(1);
    await expect(rate).toContainText('/acquisition/position');
    await expect(rate).toContainText('0.0Hz');
    const shown = await shownFindings(validation, 'nwbinspector');
    expect(shown.checks).toEqual(oracle);
    expect(shown.counts[0]).toBe(oracle.CRITICAL.length);
  });

  test('"Validate NWB file" from the palette refuses a file that is no .nwb, with the reason', async ({
    page,
    tmpPath
  }) => {
    fs.writeFileSync(
      path.join(await serverRoot(page), tmpPath, 'notes.txt'),
      'not nwb'
    );
    await page.keyboard.press('Control+Shift+C');
    await page.locator('.lm-CommandPalette-input').fill('Validate NWB file');
    await page
      .locator('.lm-CommandPalette-item:has-text("Validate NWB file")')
      .click();
    const dialog = page.locator('.jp-Dialog');
    await dialog.locator('input').fill(`${tmpPath}/notes.txt`);
    await dialog.getByRole('button', { name: 'Validate' }).click();
    await expect(
      page
        .locator('.jp-IblNwb-validationPanel:visible')
        .getByTestId('validation-refused')
    ).toContainText('is not an .nwb file');
  });
});
