import { expect, test } from '@jupyterlab/galata';

import { SIDEBAR, SIDEBAR_TAB, gotoFailingOnPageErrors } from './helpers';

test.use({ autoGoto: false });

test.describe('IBL → NWB sidebar', () => {
  gotoFailingOnPageErrors();

  test('the sidebar icon opens a panel that lists the extension as enabled', async ({
    page
  }) => {
    const tab = page.locator(SIDEBAR_TAB);
    await expect(tab).toBeVisible();
    await expect(tab).toHaveAttribute('title', 'IBL → NWB');

    await tab.click();
    const panel = page.locator(SIDEBAR);
    await expect(panel).toBeVisible();
    await expect(panel.getByText('IBL → NWB', { exact: true })).toBeVisible();

    const lab = panel.getByTestId('lab-extension-status');
    await expect(lab).toHaveAttribute('data-status', 'ok');
    await expect(lab).toContainText('enabled');
    const server = panel.getByTestId('server-extension-status');
    await expect(server).toHaveAttribute('data-status', 'ok');
    await expect(server).toContainText('enabled');
    await expect(panel.getByTestId('converter-status')).toHaveAttribute(
      'data-status',
      'ok'
    );

    await page.screenshot({ path: 'ui-tests/artifacts/sidebar-light.png' });
  });

  test('the palette command opens the sidebar', async ({ page }) => {
    await page.keyboard.press('Control+Shift+C');
    const palette = page.locator('#modal-command-palette');
    await expect(palette).toBeVisible();
    await palette.locator('input').fill('IBL → NWB');
    await palette
      .locator('.lm-CommandPalette-item', { hasText: 'Open IBL → NWB Sidebar' })
      .click();
    await expect(page.locator(SIDEBAR)).toBeVisible();
  });

  test('settings from the registry are shown', async ({ page }) => {
    await page.locator(SIDEBAR_TAB).click();
    const panel = page.locator(SIDEBAR);
    await expect(panel.getByTestId('setting-alyx-url')).toHaveText(
      'https://openalyx.internationalbrainlab.org'
    );
    await expect(panel.getByTestId('setting-output-dir')).toHaveText('nwb');
  });

  test('the concurrent conversions setting reaches the server', async ({
    page,
    baseURL
  }) => {
    const serverLimit = async () =>
      (
        await (
          await page.request.get(`${baseURL}/jupyterlab-ibl-nwb/jobs/config`)
        ).json()
      ).maxJobs;
    const before = await serverLimit();
    const wanted = before === 3 ? 4 : 3;
    await page.evaluate(async maxJobs => {
      const registry = await window.galata.getPlugin(
        '@jupyterlab/apputils-extension:settings'
      );
      await registry?.set('jupyterlab-ibl-nwb:plugin', 'maxJobs', maxJobs);
    }, wanted);
    await expect.poll(serverLimit).toBe(wanted);
    // Back to the server's own limit for the other tests (0 = leave it).
    await page.request.put(`${baseURL}/jupyterlab-ibl-nwb/jobs/config`, {
      data: { maxJobs: before }
    });
    await page.evaluate(async () => {
      const registry = await window.galata.getPlugin(
        '@jupyterlab/apputils-extension:settings'
      );
      await registry?.remove('jupyterlab-ibl-nwb:plugin', 'maxJobs');
    });
  });

  test('the sidebar reads well in the dark theme', async ({ page }) => {
    await page.theme.setDarkTheme();
    await page.locator(SIDEBAR_TAB).click();
    await expect(page.locator(SIDEBAR)).toBeVisible();
    await page.screenshot({ path: 'ui-tests/artifacts/sidebar-dark.png' });
    // Measured, not looked at: every visible text of the panel against the background it is
    // drawn on (the first opaque one up the tree), by WCAG 2's contrast ratio.
    const texts = await page.locator(SIDEBAR).evaluate(panel => {
      const rgb = (css: string) =>
        (css.match(/[\d.]+/g) ?? []).map(Number) as number[];
      const luminance = ([r, g, b]: number[]) => {
        const lin = (c: number) => {
          const v = c / 255;
          return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
      };
      const background = (el: Element | null): number[] => {
        for (; el; el = el.parentElement) {
          const c = rgb(getComputedStyle(el).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3] === 1)) {
            return c.slice(0, 3);
          }
        }
        return [255, 255, 255];
      };
      const out: { text: string; ratio: number; background: number }[] = [];
      const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement!;
        const text = (node.textContent ?? '').trim();
        const style = getComputedStyle(el);
        if (
          !text ||
          el.getClientRects().length === 0 ||
          style.visibility === 'hidden' ||
          Number(style.opacity) === 0
        ) {
          continue;
        }
        const fg = luminance(rgb(style.color).slice(0, 3));
        const bg = luminance(background(el));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        out.push({ text: text.slice(0, 40), ratio, background: bg });
      }
      return out;
    });
    expect(texts.length).toBeGreaterThan(5);
    // A dark theme: the panel's text sits on dark backgrounds...
    expect(texts.every(t => t.background < 0.2)).toBe(true);
    // ...and reads: WCAG AA for text is 4.5:1 (3:1 would only do for large text).
    const poor = texts.filter(t => t.ratio < 4.5);
    expect(poor).toEqual([]);
  });

  test('.nwb files get their own file type and icon', async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadContent(
      'not really hdf5',
      'text',
      `${tmpPath}/session.nwb`
    );
    await page.filebrowser.openDirectory(tmpPath);
    const item = page.locator('.jp-DirListing-item[data-file-type="nwb"]', {
      hasText: 'session.nwb'
    });
    await expect(item).toBeVisible();
    await expect(
      item.locator('[data-icon="jupyterlab-ibl-nwb:nwb-file"]')
    ).toHaveCount(1);
  });
});
