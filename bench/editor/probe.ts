import type { Page } from 'playwright-core';

/**
 * What the bench times inside the page, in wall-clock milliseconds (`performance.timeOrigin +
 * performance.now()`, the same clock as Node's `Date.now()` and VS Code's log lines):
 * - the last pointer-down and key-down, also kept in sessionStorage, so the key press that
 *   reloaded the window (Browse Files) can still be read in the window that follows;
 * - checks run by `page.waitForFunction(…, { polling: 'raf' })` once per animation frame, so
 *   "painted" means "in the DOM and laid out at the start of a frame";
 * - a MutationObserver for a redraw of rows that were already there (Refresh).
 * Rows are found by what a user sees: a pane by its title, a row by its label.
 */
const PAGE_PROBE = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const bench = (window.__lxdxBench = { redraw: 0 });
  document.addEventListener('pointerdown', () => (bench.pointer = now()), true);
  document.addEventListener('keydown', () => sessionStorage.setItem('lxdxBenchKey', String(now())), true);
  const pane = (title) => [...document.querySelectorAll('.pane')].find((p) => (p.querySelector('.pane-header .title')?.textContent ?? '').trim().toLowerCase() === title);
  const label = (row) => row.querySelector('.label-name')?.textContent ?? '';
  const shown = (el) => el.getClientRects().length > 0;
  const instanceRows = () => [...(pane('instances')?.querySelectorAll('.monaco-list-row') ?? [])].filter((r) => /^lxdx-b-\\d+$/.test(label(r)));
  bench.pointerAt = () => bench.pointer ?? 0;
  bench.keyAt = () => Number(sessionStorage.getItem('lxdxBenchKey') ?? 0);
  bench.instanceRow = () => (instanceRows().some(shown) ? now() : 0);
  bench.watchRedraw = () => {
    bench.redraw = 0;
    bench.observer?.disconnect();
    bench.observer = new MutationObserver((records) => {
      const row = records.map((m) => m.target.closest?.('.monaco-list-row')).find((r) => r && /^lxdx-b-\\d+$/.test(label(r)));
      if (row) {
        bench.redraw = now();
        bench.observer.disconnect();
      }
    });
    bench.observer.observe(pane('instances'), { subtree: true, childList: true, attributes: true, characterData: true });
  };
  bench.redrawn = () => bench.redraw;
  bench.paneRow = (title, pattern) => ([...(pane(title)?.querySelectorAll('.monaco-list-row') ?? [])].some((r) => new RegExp(pattern).test(label(r)) && shown(r)) ? now() : 0);
  bench.explorerRow = (level, pattern) => ([...document.querySelectorAll('.explorer-folders-view .monaco-list-row[aria-level="' + level + '"]')].some((r) => new RegExp(pattern).test(label(r)) && shown(r)) ? now() : 0);
  bench.instanceStatuses = (names) => {
    const wanted = new Set(names);
    return Object.fromEntries(instanceRows().filter((r) => wanted.has(label(r))).map((r) => [label(r), r.getAttribute('aria-label') + ' ' + (r.querySelector('.label-description')?.textContent ?? '')]));
  };
  bench.allShow = (names, word) => {
    const shows = bench.instanceStatuses(names);
    const says = (n) => (shows[n] ?? '').toLowerCase().split(/[^a-z]+/).includes(word.toLowerCase());
    return names.every(says) ? now() : 0;
  };
})();`;

export async function installProbe(page: Page): Promise<void> {
  await page.context().addInitScript(PAGE_PROBE);
  // The page the session already opened.
  await page.evaluate(PAGE_PROBE);
}

/**
 * Waits (checking on every animation frame) until the page reports a time for `check`, and returns
 * it. Callers start the wait before the click it times and await it after: if something in between
 * throws, the wait's own failure (the page closed) must not surface as an unhandled rejection.
 */
function frameTime(page: Page, check: string, timeout: number): Promise<number> {
  const time = page
    .waitForFunction(`window.__lxdxBench.${check}`, undefined, { polling: 'raf', timeout })
    .then(async (handle) => Number(await handle.jsonValue()));
  time.catch(() => undefined);
  return time;
}

/** When an instance row (`lxdx-b-NNN`) was first seen laid out in the Instances view. */
export function instanceRowPainted(page: Page, timeout = 120_000): Promise<number> {
  return frameTime(page, 'instanceRow()', timeout);
}

/** Watches the Instances view for rows drawn again; `redrawn` then says when the first instance row was. */
export async function watchRedraw(page: Page): Promise<void> {
  await page.evaluate('window.__lxdxBench.watchRedraw()');
}

export function redrawn(page: Page, timeout = 120_000): Promise<number> {
  return frameTime(page, 'redrawn()', timeout);
}

/** When a row whose label matches `label` was first seen laid out in the view titled `title` (lower case: `instances`). */
export function paneRowPainted(page: Page, title: string, label: RegExp, timeout: number): Promise<number> {
  return frameTime(page, `paneRow(${JSON.stringify(title)}, ${JSON.stringify(label.source)})`, timeout);
}

/** When a row whose label matches `label` at tree level `level` was first seen laid out in the Explorer. */
export function explorerRowPainted(page: Page, level: number, label: RegExp, timeout: number): Promise<number> {
  return frameTime(page, `explorerRow(${level}, ${JSON.stringify(label.source)})`, timeout);
}

/** The last pointer-down in this page (0 when none). */
export async function lastPointerDown(page: Page): Promise<number> {
  return Number(await page.evaluate('window.__lxdxBench.pointerAt()'));
}

/** The last key-down in this tab, also from before a reload (0 when none). */
export async function lastKeyDown(page: Page): Promise<number> {
  return Number(await page.evaluate('window.__lxdxBench.keyAt()'));
}

/** When the page's document started loading. */
export async function navigationStart(page: Page): Promise<number> {
  return Number(await page.evaluate('performance.timeOrigin'));
}

/** What each row among `names` of the Instances view shows (its accessible label and description), if it is in the DOM. */
export async function instanceStatuses(page: Page, names: readonly string[]): Promise<Record<string, string>> {
  return (await page.evaluate(`window.__lxdxBench.instanceStatuses(${JSON.stringify(names)})`)) as Record<string, string>;
}

/** When every row among `names` (all in the DOM) first showed the status `word` (`Running`). */
export function allRowsShow(page: Page, names: readonly string[], word: string, timeout: number): Promise<number> {
  return frameTime(page, `allShow(${JSON.stringify(names)}, ${JSON.stringify(word)})`, timeout);
}
