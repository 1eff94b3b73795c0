/**
 * Sidebar responsiveness in a real JupyterLab (headless Debian Chromium).
 *
 *   node bench/sidebar/browser_bench.mjs --url http://127.0.0.1:8931 \
 *        --token TOKEN --cache one-cache-30k [--repeats 3] [--expected 30000]
 *        [--narrow-subject KS0105 --narrow-count 30]
 *
 * Opens /lab, opens the IBL → NWB sidebar, types the cache folder and
 * measures (in the page, performance.now()):
 *  - Search click → first rows painted, for a search returning every
 *    session (split into the HTTP request, from Resource Timing, and the rest);
 *  - scrolling the results list with requestAnimationFrame-driven steps
 *    (wheel-like 132 px every frame; then 60 jumps of 1/60 of the list, one
 *    every 2 frames, to the bottom): frame intervals, long tasks
 *    (PerformanceObserver 'longtask') and frames where no row is drawn at the
 *    top of the viewport (stale in the scroll's frame / still blank a frame later);
 *  - keyboard selection (ArrowDown) → the row marked selected;
 *  - click on a row → session detail shown.
 * Prints one JSON object; asserts nothing.
 */
/* global document, window, performance, requestAnimationFrame, setTimeout, clearTimeout, HTMLInputElement, Event, KeyboardEvent, MutationObserver, PerformanceObserver -- page code runs in the browser */
import { chromium } from 'playwright';

const SIDEBAR_TAB = '.jp-SideBar.jp-mod-left [data-id="jp-IblNwb-sidebar"]';
const SIDEBAR = '#jp-IblNwb-sidebar';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const base = arg('url', 'http://127.0.0.1:8931');
const token = arg('token', '');
const cache = arg('cache', 'one-cache-30k');
const repeats = Number(arg('repeats', '3'));
const expected = Number(arg('expected', '30000'));
const narrowSubject = arg('narrow-subject', 'KS0105');
const narrowCount = `${arg('narrow-count', '30')} sessions`;

const stats = values => {
  const s = [...values].sort((a, b) => a - b);
  const q = p => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))];
  const r = v => Math.round(v * 10) / 10;
  return {
    n: s.length,
    median: r(q(0.5)),
    p90: r(q(0.9)),
    p95: r(q(0.95)),
    max: r(s[s.length - 1] ?? NaN)
  };
};

/** In the page: set the form, click Search, resolve when the count reads `text` and a frame has painted. */
async function timedSearch(page, subject, countText) {
  return page.evaluate(
    async ({ sidebar, subject, countText }) => {
      const panel = document.querySelector(sidebar);
      const form = panel.querySelector('form[aria-label="Search sessions"]');
      const input = form.querySelector('input[name="subject"]');
      // React tracks the value: set it through the native setter + input event.
      const setter = Object.getOwnPropertyDescriptor(
        HTMLInputElement.prototype,
        'value'
      ).set;
      setter.call(input, subject);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise(r => requestAnimationFrame(() => r()));
      performance.clearResourceTimings();
      window.__longtasks = [];
      const button = form.querySelector('button[type="submit"]');
      while (button.disabled) {
        await new Promise(r => setTimeout(r, 20));
      }
      const t0 = performance.now();
      button.click();
      // Done = the request has finished (button enabled again) and the list shows it.
      let sawBusy = button.disabled;
      await new Promise((resolve, reject) => {
        const deadline = setTimeout(
          () => reject(new Error(`no "${countText}" within 120 s`)),
          120000
        );
        const check = () => {
          const count = panel.querySelector('[data-testid="result-count"]');
          sawBusy = sawBusy || button.disabled;
          if (
            sawBusy &&
            !button.disabled &&
            count &&
            count.textContent === countText &&
            panel.querySelector('.jp-IblNwb-sessionRow')
          ) {
            clearTimeout(deadline);
            observer.disconnect();
            resolve();
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(panel, {
          childList: true,
          subtree: true,
          characterData: true,
          attributes: true
        });
        check();
      });
      const inDom = performance.now();
      // Painted: the frame after the one that contains the rows.
      await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
      const painted = performance.now();
      const request = performance
        .getEntriesByType('resource')
        .find(e => e.name.includes('/jupyterlab-ibl-nwb/search'));
      const rows = panel.querySelectorAll('.jp-IblNwb-sessionRow').length;
      return {
        rowsInDomMs: inDom - t0,
        firstRowsPaintedMs: painted - t0,
        httpMs: request ? request.responseEnd - request.startTime : null,
        afterResponseMs: request ? painted - request.responseEnd : null,
        responseBytes: request ? request.encodedBodySize : null,
        renderedRows: rows,
        longTasks: window.__longtasks.map(t => Math.round(t.duration))
      };
    },
    { sidebar: SIDEBAR, subject, countText }
  );
}

/** In the page: scroll the list by `step` px every `framesPerStep` animation frames until the bottom (or `maxFrames` steps). */
async function timedScroll(page, step, maxFrames, framesPerStep = 1) {
  return page.evaluate(
    async ({ sidebar, step, maxFrames, framesPerStep }) => {
      const list = document.querySelector(`${sidebar} .jp-IblNwb-sessionList`);
      list.scrollTop = 0;
      await new Promise(r => requestAnimationFrame(() => r()));
      window.__longtasks = [];
      const deltas = [];
      // Rows drawn at the viewport's top in the frame of the scroll (stale) and,
      // with framesPerStep > 1, after the step's last frame (blank).
      let stale = 0;
      let missing = 0;
      const covered = () => {
        const top = list.scrollTop;
        return [...list.querySelectorAll('.jp-IblNwb-sessionRow')].some(r => {
          const y = parseFloat(r.style.top);
          return y <= top + 1 && y + r.offsetHeight > top;
        });
      };
      let last = performance.now();
      const t0 = last;
      const bottom = list.scrollHeight - list.clientHeight;
      for (let i = 0; i < maxFrames && list.scrollTop < bottom; i++) {
        list.scrollTop = Math.min(bottom, list.scrollTop + step);
        await new Promise(r => requestAnimationFrame(() => r()));
        if (framesPerStep > 1) {
          if (!covered()) {
            stale++;
          }
          for (let f = 1; f < framesPerStep; f++) {
            await new Promise(r => requestAnimationFrame(() => r()));
          }
        }
        const now = performance.now();
        deltas.push(now - last);
        last = now;
        if (!covered()) {
          if (framesPerStep > 1) {
            missing++;
          } else {
            stale++;
          }
        }
      }
      const totalMs = performance.now() - t0;
      await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
      const lastRow = [...list.querySelectorAll('.jp-IblNwb-sessionRow')].pop();
      return {
        frames: deltas.length,
        totalMs,
        scrolledPx: list.scrollTop,
        scrollHeight: list.scrollHeight,
        staleFrames: stale,
        blankAfterStep: missing,
        lastRowTitle: lastRow
          ? lastRow.querySelector('.jp-IblNwb-sessionTitle').textContent
          : null,
        deltas,
        longTasks: window.__longtasks.map(t => Math.round(t.duration))
      };
    },
    { sidebar: SIDEBAR, step, maxFrames, framesPerStep }
  );
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run'
    ]
  });
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 }
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await page.addInitScript(() => {
    window.__longtasks = [];
    try {
      new PerformanceObserver(list => {
        window.__longtasks.push(...list.getEntries());
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // no longtask support
    }
  });
  const t0 = Date.now();
  await page.goto(`${base}/lab?reset&token=${token}`);
  await page.locator(SIDEBAR_TAB).waitFor({ timeout: 120000 });
  const labLoadMs = Date.now() - t0;
  await page.locator(SIDEBAR_TAB).click();
  const panel = page.locator(SIDEBAR);
  await panel.locator('input[name="cache"]').fill(cache);

  const searches = [];
  for (let i = 0; i < repeats; i++) {
    // A narrow search first, so each timed search replaces a short list.
    await timedSearch(page, narrowSubject, narrowCount);
    searches.push(await timedSearch(page, '', `${expected} sessions`));
  }
  const narrow = [];
  for (let i = 0; i < repeats; i++) {
    await timedSearch(page, '', `${expected} sessions`);
    narrow.push(await timedSearch(page, narrowSubject, narrowCount));
  }
  // Leave every session listed for the scroll tests.
  await timedSearch(page, '', `${expected} sessions`);

  const wheel = [];
  const jump = [];
  for (let i = 0; i < repeats; i++) {
    wheel.push(await timedScroll(page, 3 * 44, 300));
    jump.push(await timedScroll(page, Math.ceil((expected * 44) / 60), 200, 2));
  }

  // Click a row → its detail (the server runs `ibl2nwb info`).
  const detail = [];
  for (let i = 0; i < repeats; i++) {
    const row = panel.locator('.jp-IblNwb-sessionRow').nth(i + 1);
    const eid = await row.getAttribute('data-eid');
    const t = Date.now();
    await row.click();
    await panel
      .locator(`.jp-IblNwb-sessionDetail[data-eid="${eid}"]`)
      .waitFor({ timeout: 120000 });
    detail.push(Date.now() - t);
  }

  // Keyboard: ArrowDown moves the selection (each press re-renders the list).
  // Last: every press also asks the server for that session's detail.
  const list = panel.getByRole('listbox');
  await list.evaluate(el => {
    el.scrollTop = 0;
  });
  await list.focus();
  const keys = await page.evaluate(async sidebar => {
    const listEl = document.querySelector(`${sidebar} .jp-IblNwb-sessionList`);
    const out = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      listEl.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true })
      );
      await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
      const selected = listEl.querySelector('[aria-selected="true"]');
      out.push({ ms: performance.now() - t, ok: selected !== null });
    }
    return out;
  }, SIDEBAR);
  // Each press started an `ibl2nwb info` on the server: time until the last
  // selected session's detail shows.
  const tKeys = Date.now();
  const lastEid = await panel
    .locator('.jp-IblNwb-sessionRow[aria-selected="true"]')
    .getAttribute('data-eid');
  await panel
    .locator(`.jp-IblNwb-sessionDetail[data-eid="${lastEid}"]`)
    .waitFor({ timeout: 600000 });
  const detailAfterKeysMs = Date.now() - tKeys;

  const all = xs => xs.flatMap(x => x);
  const result = {
    labLoadMs,
    searchAll: {
      firstRowsPaintedMs: stats(searches.map(s => s.firstRowsPaintedMs)),
      httpMs: stats(searches.map(s => s.httpMs)),
      afterResponseMs: stats(searches.map(s => s.afterResponseMs)),
      responseBytes: searches[0].responseBytes,
      renderedRows: searches[0].renderedRows,
      longTasksMs: all(searches.map(s => s.longTasks))
    },
    searchNarrow: {
      firstRowsPaintedMs: stats(narrow.map(s => s.firstRowsPaintedMs)),
      httpMs: stats(narrow.map(s => s.httpMs))
    },
    scrollWheel: {
      stepPx: 3 * 44,
      frames: wheel[0].frames,
      frameMs: stats(all(wheel.map(w => w.deltas))),
      longTasksMs: all(wheel.map(w => w.longTasks)),
      staleFrames: wheel.reduce((n, w) => n + w.staleFrames, 0),
      blankAfterStep: wheel.reduce((n, w) => n + w.blankAfterStep, 0)
    },
    scrollToBottom: {
      frames: jump[0].frames,
      scrollHeight: jump[0].scrollHeight,
      reachedPx: jump[0].scrolledPx,
      totalMs: stats(jump.map(j => j.totalMs)),
      frameMs: stats(all(jump.map(j => j.deltas))),
      longTasksMs: all(jump.map(j => j.longTasks)),
      staleFrames: jump.reduce((n, j) => n + j.staleFrames, 0),
      blankAfterStep: jump.reduce((n, j) => n + j.blankAfterStep, 0),
      lastRowTitle: jump[0].lastRowTitle
    },
    arrowDownMs: stats(keys.map(k => k.ms)),
    arrowDownSelected: keys.every(k => k.ok),
    arrowDownPresses: keys.length,
    detailAfterArrowDownsMs: detailAfterKeysMs,
    rowClickToDetailMs: stats(detail),
    pageErrors: errors
  };
  await browser.close();
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
