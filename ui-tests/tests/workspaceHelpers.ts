/** What the workspace specs share: the console watch, the sidebar's search, the layout checks. */
import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { ConsoleMessage, Locator } from '@playwright/test';

import { SIDEBAR, SIDEBAR_TAB } from './helpers';

/**
 * Every console error or warning and page error from now on (issue 15: none during
 * the flow). JupyterLab's own "plugin took Nms to activate" on a loaded test machine
 * says nothing about this flow and is left out, as in sidebar-console.spec.
 */
export function watchConsole(page: IJupyterLabPageFixture): string[] {
  const logged: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    const slowCorePlugin =
      /^Plugin @jupyterlab\/\S+ \(with \d+ dependants\) took [\d.]+ms to activate/.test(
        message.text()
      );
    if (
      (message.type() === 'error' || message.type() === 'warning') &&
      !slowCorePlugin
    ) {
      const where = message.location();
      logged.push(
        `${message.type()}: ${message.text()} (${where.url}:${where.lineNumber})`
      );
    }
  });
  page.on('pageerror', error => logged.push(`pageerror: ${error.message}`));
  return logged;
}

export async function openSidebar(
  page: IJupyterLabPageFixture
): Promise<Locator> {
  if (!(await page.locator(SIDEBAR).isVisible())) {
    await page.locator(SIDEBAR_TAB).click();
  }
  return page.locator(SIDEBAR);
}

/** Search the sidebar (cache '' = the bundled sample); resolves when rows are listed. */
export async function search(
  panel: Locator,
  filters: { cache?: string; subject?: string }
): Promise<void> {
  const form = panel.getByRole('form', { name: 'Search sessions' });
  await form.locator('input[name="cache"]').fill(filters.cache ?? '');
  await form.locator('input[name="subject"]').fill(filters.subject ?? '');
  await form.locator('input[name="subject"]').press('Enter');
  await expect(panel.locator('.jp-IblNwb-sessionRow').first()).toBeVisible({
    timeout: 30000
  });
}

/** The main-area workspace of a session. */
export function sessionWorkspace(
  page: IJupyterLabPageFixture,
  eid: string
): Locator {
  return page.locator(`.jp-IblNwb-workspace[data-eid="${eid}"]`);
}

/**
 * Nothing in the search form is cut off at the sidebar's width: each input is at
 * least as wide as its own natural width (a date input's fields and picker) and
 * its placeholder's text (measured in its font).
 */
export async function clippedFilters(panel: Locator): Promise<string[]> {
  return panel
    .getByRole('form', { name: 'Search sessions' })
    .evaluate((form: HTMLElement) => {
      const problems: string[] = [];
      const canvas = document.createElement('canvas').getContext('2d')!;
      for (const input of Array.from(form.querySelectorAll('input'))) {
        const style = getComputedStyle(input);
        const inner =
          input.clientWidth -
          parseFloat(style.paddingLeft) -
          parseFloat(style.paddingRight);
        canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = canvas.measureText(input.placeholder).width;
        if (text > inner + 0.5) {
          problems.push(
            `${input.name}: placeholder "${input.placeholder}" needs ${text.toFixed(0)} px, has ${inner.toFixed(0)}`
          );
        }
        // The input's natural width, free of the layout's constraint.
        const probe = input.cloneNode() as HTMLInputElement;
        probe.style.cssText = 'position:absolute;visibility:hidden;width:auto';
        document.body.appendChild(probe);
        const natural = probe.getBoundingClientRect().width;
        probe.remove();
        if (
          input.type === 'date' &&
          natural > input.getBoundingClientRect().width + 0.5
        ) {
          problems.push(
            `${input.name}: a date input needs ${natural.toFixed(0)} px, has ${input.getBoundingClientRect().width.toFixed(0)}`
          );
        }
      }
      return problems;
    });
}

/** Result rows whose first line (subject · date) is cut off ("…") at the sidebar's width. */
export async function clippedRowTitles(panel: Locator): Promise<string[]> {
  return panel
    .locator('.jp-IblNwb-sessionTitle')
    .evaluateAll(titles =>
      titles
        .filter(t => t.scrollWidth > t.clientWidth)
        .map(t => t.textContent ?? '')
    );
}

/**
 * Pick a result row in the sidebar (the first when no eid is given) and open its
 * workspace; resolves to the workspace once its metadata status shows.
 */
export async function openWorkspace(
  page: IJupyterLabPageFixture,
  panel: Locator,
  eid?: string
): Promise<Locator> {
  const row = eid
    ? panel.locator(`.jp-IblNwb-sessionRow[data-eid="${eid}"]`)
    : panel.locator('.jp-IblNwb-sessionRow').first();
  const picked = eid ?? (await row.getAttribute('data-eid'));
  await row.click();
  await panel.getByRole('button', { name: 'Open workspace' }).click();
  const ws = sessionWorkspace(page, picked as string);
  await expect(ws.getByTestId('metadata-status')).toBeVisible({
    timeout: 30000
  });
  return ws;
}

/**
 * Reload and wait until JupyterLab has restored its layout (the workspace tabs, the
 * sidebar's state). galata's own readiness check wants a visible Launcher, which a
 * restored workspace tab hides.
 */
export async function reloadRestored(
  page: IJupyterLabPageFixture
): Promise<void> {
  await page.reload({ waitForIsReady: false });
  await page.waitForFunction(() => (window as any).jupyterapp?.restored, null, {
    timeout: 60000
  });
  await page.evaluate(() => (window as any).jupyterapp.restored);
}
