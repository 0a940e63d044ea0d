import { waitFor } from '../../test/e2e/harness/wait';
import { benchInstanceName } from '../lib';
import { explorerRowPainted, lastKeyDown, navigationStart } from './probe';
import { BenchWindow } from './window';

/** Browse Files from the context menu until `/etc` is listed in the Explorer, and its stages (ms). */
export interface BrowseFiles {
  total: number;
  /** Menu key press → the reloaded page starts loading (VS Code writes an untitled workspace and reloads). */
  reload: number;
  /** Page load start → the workbench laid out. */
  workbench: number;
  /** Page load start → the new extension host's first log line. */
  host?: number;
  /** Host started → VS Code activates the extension (`onFileSystem:lxd`). */
  toActivation?: number;
  /** Activation start → the extension's ready line (bundle, activate(); servers connect after it). */
  activation?: number;
  /** Ready → `etc` painted (the first readDirectory of `/` and the Explorer's rendering). */
  afterReady?: number;
}

const EMPTY_WORKSPACE = 'You have not yet added a folder to the workspace';
const ATTEMPTS = 3;

/**
 * Browse Files as a user meets it. code-server now and then comes back from the reload into the
 * new workspace without any folder (the e2e suite saw it too): such an attempt is counted, not
 * timed, and the window goes back to the workspace folder for another try (at most ATTEMPTS).
 */
export async function browseFiles(w: BenchWindow): Promise<{ figures?: BrowseFiles; cameBackEmpty: number }> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) {
      const old = w.exthost;
      await w.wb.page.goto(`${w.session.server.url}?folder=${encodeURIComponent(w.session.workspace)}`);
      await w.wb.waitUntilReady();
      await w.followExtensionHost(old);
    }
    const figures = await browseOnce(w);
    if (figures) {
      return { figures, cameBackEmpty: attempt };
    }
  }
  return { cameBackEmpty: ATTEMPTS };
}

/**
 * Right-clicks the running bench instance, chooses Browse Files, and follows the window through
 * its reload until `etc` shows under the instance's folder (expanded with a click when it came
 * back collapsed); undefined when the window came back without folders.
 */
async function browseOnce(w: BenchWindow): Promise<BrowseFiles | undefined> {
  const { page } = w.wb;
  await w.wb.openViewContainer('LXD');
  const row = w.runningRow();
  await row.waitFor();
  await w.settle();
  const old = w.exthost;
  await w.wb.contextMenu(row, 'Browse Files');
  await page.waitForURL(/[?&]workspace=/, { timeout: 60_000 });
  await w.wb.waitUntilReady();
  const laidOut = Date.now();
  const [key, start] = [await lastKeyDown(page), await navigationStart(page)];
  await w.followExtensionHost(old);
  const etc = explorerRowPainted(page, 2, /^etc$/, 120_000);
  let listed = 0;
  void etc.then(
    (at) => (listed = at),
    () => undefined,
  );
  const folder = page
    .locator('.explorer-folders-view .monaco-list-row[aria-level="1"]', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${benchInstanceName(0)}\\b`) }),
    })
    .first();
  let emptySince = 0;
  const outcome = await waitFor(
    async () => {
      if (listed) {
        return 'listed';
      }
      const empty = await page.getByText(EMPTY_WORKSPACE).first().isVisible();
      emptySince = empty ? emptySince || Date.now() : 0;
      if (empty && Date.now() - emptySince > 10_000) {
        return 'empty';
      }
      if ((await folder.isVisible()) && (await folder.getAttribute('aria-expanded')) === 'false') {
        await folder.click();
      }
      return undefined;
    },
    { timeout: 120_000, message: `etc to be listed under the folder of ${benchInstanceName(0)}` },
  );
  if (outcome === 'empty') {
    return undefined;
  }
  const log = await w.activation();
  return {
    total: listed - key,
    reload: start - key,
    workbench: laidOut - start,
    host: log.hostStarted && log.hostStarted - start,
    toActivation: log.activating && log.hostStarted && log.activating - log.hostStarted,
    activation: log.ready && log.activating && log.ready - log.activating,
    afterReady: log.ready && listed - log.ready,
  };
}
