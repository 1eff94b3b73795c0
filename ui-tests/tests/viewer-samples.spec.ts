import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Issue #14's acceptance: no console.error (and no page error) while
 * opening any shared sample. Every .nwb under ../shared/nwb-samples is
 * opened in the viewer, its tree listed whole, and every typed object
 * shown with its default view. One test per writer folder, each file
 * named in what it reports.
 */
const SAMPLES = path.resolve(__dirname, '../../../shared/nwb-samples');
const VIEWER = '.jp-NwbViewer';

function nwbFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(entry => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory()
        ? nwbFiles(full)
        : entry.name.endsWith('.nwb')
          ? [full]
          : [];
    })
    .sort();
}

const byWriter = new Map<string, string[]>();
for (const file of fs.existsSync(SAMPLES) ? nwbFiles(SAMPLES) : []) {
  const writer = path.relative(SAMPLES, file).split(path.sep)[0];
  byWriter.set(writer, [...(byWriter.get(writer) ?? []), file]);
}

test.describe('every shared NWB sample opens without console errors (#14)', () => {
  test('the samples are there', () => {
    expect([...byWriter.values()].flat().length).toBeGreaterThan(50);
  });

  for (const [writer, files] of byWriter) {
    test(`${writer}: ${files.length} files, every object's default view`, async ({
      page,
      tmpPath
    }) => {
      test.setTimeout(60000 + files.length * 90000);
      let current = '(JupyterLab)';
      const problems: string[] = [];
      // The page's console includes its dedicated workers' (the HDF5 reader's).
      page.on('console', message => {
        if (message.type() === 'error') {
          problems.push(`${current}: console.error ${message.text()}`);
        }
      });
      page.on('pageerror', error =>
        problems.push(`${current}: page error ${error.message}`)
      );
      // Views that rendered a message instead of a plot (not a failure: a
      // damaged or unsupported object says why), listed in the report.
      const messages: string[] = [];
      let views = 0;

      for (const file of files) {
        const relative = path.relative(SAMPLES, file);
        const name = relative.split(path.sep).join('__');
        current = relative;
        await page.contents.uploadFile(file, `${tmpPath}/${name}`);
        await page.filebrowser.openDirectory(tmpPath);
        await page.filebrowser.open(name);
        const viewer = page.locator(`${VIEWER}:visible`);
        await expect(
          viewer.locator('.jp-NwbViewer-status:not([data-ready="false"])')
        ).toBeVisible({ timeout: 60000 });
        if (
          (await viewer
            .locator('.jp-NwbViewer-status')
            .getAttribute('data-ready')) !== 'true'
        ) {
          messages.push(
            `${relative}: ${await viewer.locator('.jp-NwbViewer-error').textContent()}`
          );
        } else {
          // The file's own view (the overview) first.
          const opening = viewer.locator('.jp-NwbViewer-view');
          await expect(opening).not.toHaveAttribute('data-rendered', 'false', {
            timeout: 30000
          });
          views++;
          // The whole tree, listed by the search.
          await viewer.locator('.jp-NwbViewer-search').fill('/');
          const objects = await viewer
            .locator('li[data-type]')
            .evaluateAll(items =>
              items.map(item => item.getAttribute('data-path') as string)
            );
          for (const object of objects) {
            current = `${relative} ${object}`;
            await viewer
              .locator(`li[data-path="${object}"] > .jp-NwbViewer-treeRow`)
              .first()
              .click();
            await expect(viewer.locator('.jp-NwbViewer-viewTitle')).toHaveText(
              object
            );
            const view = viewer.locator('.jp-NwbViewer-view');
            await expect(view).not.toHaveAttribute('data-rendered', 'false', {
              timeout: 30000
            });
            views++;
            if ((await view.getAttribute('data-rendered')) === 'error') {
              messages.push(`${current}: ${await view.textContent()}`);
            }
          }
        }
        current = `${relative} (closing)`;
        await page.activity.closeAll();
        await page.contents.deleteFile(`${tmpPath}/${name}`);
      }
      test.info().annotations.push(
        ...messages.map(description => ({
          type: 'view message',
          description
        }))
      );
      console.log(
        `${writer}: ${views} views opened, ${messages.length} said why they cannot display:\n${messages.join('\n')}`
      );
      expect(views).toBeGreaterThanOrEqual(files.length);
      expect(problems).toEqual([]);
    });
  }
});
