/**
 * The metadata form's file round trip: save to the file browser, never
 * replace a different file without asking, load it back; keyboard only
 * where a user would type.
 */
import * as fs from 'fs';
import * as path from 'path';

import { expect, test } from '@jupyterlab/galata';

import {
  SIDEBAR,
  SIDEBAR_TAB,
  gotoFailingOnPageErrors,
  serverRoot
} from './helpers';
import { openWorkspace, reloadRestored } from './workspaceHelpers';

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');

test.use({ autoGoto: false });

test.describe('Metadata JSON files', () => {
  gotoFailingOnPageErrors();

  test('save, ask before replacing, load back', async ({ page, tmpPath }) => {
    await page.locator(SIDEBAR_TAB).click();
    const sidebar = page.locator(SIDEBAR);
    const search = sidebar.getByRole('form', { name: 'Search sessions' });
    await search.locator('input[name="subject"]').fill('ZFM-01315');
    await search.locator('input[name="subject"]').press('Enter');
    // The form is in the session's workspace (main area).
    const panel = await openWorkspace(page, sidebar);
    await expect(panel.getByTestId('metadata-status')).toHaveAttribute(
      'data-problems',
      '0'
    );

    // Every section renders; open them all for the record.
    for (const key of ['Subject', 'Probes', 'Ibl']) {
      await panel.locator(`[data-section="${key}"] > summary`).click();
    }
    await expect(panel.locator('.jp-IblNwb-formSection[open]')).toHaveCount(4);
    await panel.locator('[data-section="Probes"]').scrollIntoViewIfNeeded();
    await page.screenshot({
      path: path.join(ARTIFACTS, 'convert-metadata-sections-light.png')
    });

    // Tab order follows the form: description → start time.
    const description = panel.getByLabel('Session description');
    await description.focus();
    await page.keyboard.press('Tab');
    await expect(panel.getByLabel('Session start time')).toBeFocused();

    const file = `${tmpPath}/ZFM-01315.metadata.json`;
    const onDisk = async () =>
      JSON.parse(
        fs.readFileSync(path.join(await serverRoot(page), file), 'utf8')
      ).NWBFile.session_description;
    const pathInput = panel.locator('input[name="metadataPath"]');
    const note = panel.getByTestId('metadata-note');

    await description.fill('First version');
    await pathInput.fill(file);
    await pathInput.press('Enter'); // Enter in the path saves
    await expect(note).toHaveText(`Saved ${file}.`);
    expect(await onDisk()).toBe('First version');

    // Edits are saved as they are made, to the file the form wrote.
    const autosave = panel.getByTestId('metadata-autosave');
    await description.fill('Second version');
    await expect(autosave).toHaveText(`Edits saved to ${file}.`);
    await expect.poll(onDisk).toBe('Second version');

    // A change made elsewhere is never replaced without asking.
    const onDiskPath = path.join(await serverRoot(page), file);
    const elsewhere = JSON.parse(fs.readFileSync(onDiskPath, 'utf8'));
    elsewhere.NWBFile.session_description = 'Changed elsewhere';
    fs.writeFileSync(onDiskPath, JSON.stringify(elsewhere, null, 2));
    await page.waitForTimeout(1100); // a new modification time (1 s resolution on some disks)
    fs.utimesSync(onDiskPath, new Date(), new Date());
    await description.fill('Third version');
    await expect(autosave).toHaveAttribute('data-state', 'held');
    await expect(autosave).toContainText('changed outside this form');
    expect(await onDisk()).toBe('Changed elsewhere');
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('Replace existing file?');
    await expect(dialog).toContainText(file);
    await page.screenshot({
      path: path.join(ARTIFACTS, 'convert-metadata-replace-light.png')
    });
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await expect(note).toContainText('Not saved');
    expect(await onDisk()).toBe('Changed elsewhere');

    await panel.getByRole('button', { name: 'Load', exact: true }).click();
    await expect(note).toHaveText(`Loaded ${file}.`);
    await expect(description).toHaveValue('Changed elsewhere');

    // Undo goes back over the load; the form now knows the file, so it saves again.
    await panel.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(description).toHaveValue('Third version');
    await expect.poll(onDisk).toBe('Third version');

    // The saved file shows in the file browser.
    await page.sidebar.openTab('filebrowser');
    await page.filebrowser.openDirectory(tmpPath);
    await expect(
      page.locator('.jp-DirListing-item', {
        hasText: 'ZFM-01315.metadata.json'
      })
    ).toBeVisible();
  });

  test('the ALF revision and the QC policy are editable (#13)', async ({
    page,
    tmpPath
  }) => {
    await page.locator(SIDEBAR_TAB).click();
    const sidebar = page.locator(SIDEBAR);
    const search = sidebar.getByRole('form', { name: 'Search sessions' });
    await search.locator('input[name="subject"]').fill('ZFM-01315');
    await search.locator('input[name="subject"]').press('Enter');
    // The form is in the session's workspace (main area).
    const panel = await openWorkspace(page, sidebar);
    const status = panel.getByTestId('metadata-status');
    await expect(status).toHaveAttribute('data-problems', '0');
    const ibl = panel.locator('[data-section="Ibl"]');
    await ibl.locator('> summary').click();
    const revision = ibl.getByLabel('ALF revision');
    await expect(revision).toBeEditable();
    // The Alyx record itself stays read only.
    await expect(ibl.locator('input[id$="_eid"]')).not.toBeEditable();

    // Not a revision folder name: a problem, named, before any conversion.
    await revision.fill('2025/05/06');
    await expect(status).not.toHaveAttribute('data-problems', '0');
    await revision.fill('2025-05-06');
    await expect(status).toHaveAttribute('data-problems', '0');

    // The QC policy: the release's video gate, chosen by checkboxes.
    const policy = panel.locator('[data-section="QcPolicy"]');
    await policy.locator('> summary').click();
    await policy.getByLabel('CRITICAL').check();
    await policy.getByLabel('FAIL', { exact: true }).check();
    await expect(status).toHaveAttribute('data-problems', '0');

    const file = `${tmpPath}/revision.metadata.json`;
    await panel.locator('input[name="metadataPath"]').fill(file);
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(panel.getByTestId('metadata-note')).toHaveText(
      `Saved ${file}.`
    );
    const saved = JSON.parse(
      fs.readFileSync(path.join(await serverRoot(page), file), 'utf8')
    );
    expect(saved.Ibl.revision).toBe('2025-05-06');
    expect(saved.QcPolicy.exclude_video_qc).toEqual(['CRITICAL', 'FAIL']);
    expect(saved.QcPolicy.require_resolved_alignment).toBe(false);
  });

  test('a reload in the middle of editing restores the edits (#15)', async ({
    page
  }) => {
    test.setTimeout(90000);
    const pick = async () => {
      if (!(await page.locator(SIDEBAR).isVisible())) {
        await page.locator(SIDEBAR_TAB).click();
      }
      const sidebar = page.locator(SIDEBAR);
      const search = sidebar.getByRole('form', { name: 'Search sessions' });
      await search.locator('input[name="subject"]').fill('ZFM-01315');
      await search.locator('input[name="subject"]').press('Enter');
      // The session's workspace (a reload restores it; opening it again shows it).
      return openWorkspace(page, sidebar);
    };
    let panel = await pick();
    // The session's own metadata file (the default path) is where edits go; start without one.
    const file = await panel.locator('input[name="metadataPath"]').inputValue();
    const onDisk = path.join(await serverRoot(page), file);
    fs.rmSync(onDisk, { force: true });
    await reloadRestored(page);
    panel = await pick();
    try {
      // Browsing a session writes nothing; an edit does.
      await expect(panel.getByTestId('metadata-autosave')).toHaveAttribute(
        'data-state',
        'fresh'
      );
      expect(fs.existsSync(onDisk)).toBe(false);
      const edited = `Edited before a reload ${Date.now()}`;
      await panel.getByLabel('Session description').fill(edited);
      await expect(panel.getByTestId('metadata-autosave')).toHaveText(
        `Edits saved to ${file}.`
      );

      await reloadRestored(page);
      panel = await pick();
      await expect(panel.getByLabel('Session description')).toHaveValue(edited);
      await expect(panel.getByTestId('metadata-restored')).toContainText(file);

      // Starting over is offered, and is itself undoable.
      await panel.getByRole('button', { name: 'Start over from Alyx' }).click();
      await expect(panel.getByLabel('Session description')).not.toHaveValue(
        edited
      );
      await panel.getByRole('button', { name: 'Undo', exact: true }).click();
      await expect(panel.getByLabel('Session description')).toHaveValue(edited);
    } finally {
      fs.rmSync(onDisk, { force: true });
    }
  });
});
