import { waitFor } from '../../test/e2e/harness/wait';
import { benchInstanceName } from '../lib';
import { explorerRowPainted, lastKeyDown, navigationStart, paneRowPainted } from './probe';
import { BenchWindow } from './window';

/** Browse Files from the context menu until `/` is listed under the instance's Files node (ms). */
export interface BrowseFiles {
  /** Menu key press → `etc` painted under the Files node. */
  total: number;
  /** Key press → the Files node painted (the command, the view revealing the node). */
  toFilesRow: number;
  /** Files node painted → `etc` painted (the first readDirectory of `/` over SFTP, the rows). */
  listing: number;
}

/** Add to Workspace from the context menu until `/etc` is listed in the Explorer of the reloaded window, and its stages (ms). */
export interface AddToWorkspace {
  total: number;
  /** Menu key press → the reloaded page starts loading (the command writes a workspace file and opens it). */
  reload: number;
  /** Page load start → the workbench laid out. */
  workbench: number;
  /** Workbench laid out → `etc` painted: what the user waits for once the window is there. */
  fromWindow: number;
  /** Page load start → the new extension host's first log line. */
  host?: number;
  /** Host started → VS Code activates the extension (`onFileSystem:lxd`). */
  toActivation?: number;
  /** Activation start → the extension's ready line (bundle, activate()). */
  activation?: number;
  /**
   * Ready → `etc` painted: connecting the instance's server, the first stat and readDirectory of
   * `/`, the Explorer. Not split further: VS Code stamps the lines the extension logs before its log
   * file is open with the time it opened, so "Connected to …" may carry a later time than its own
   * (the ready line writes its time in its text).
   */
  afterReady?: number;
}

const EMPTY_WORKSPACE = 'You have not yet added a folder to the workspace';
const EMPTY_FOR_MS = 10_000;

/** Right-clicks the running bench instance and chooses Browse Files: how soon `/` is listed under its Files node. */
export async function browseFiles(w: BenchWindow): Promise<BrowseFiles> {
  const { page } = w.wb;
  await w.wb.openViewContainer('LXD');
  const row = w.runningRow();
  await row.waitFor();
  await w.settle();
  const filesRow = paneRowPainted(page, 'instances', /^Files$/, 60_000);
  const etc = paneRowPainted(page, 'instances', /^etc$/, 60_000);
  await w.wb.contextMenu(row, 'Browse Files');
  const [key, files, listed] = [await lastKeyDown(page), await filesRow, await etc];
  return { total: listed - key, toFilesRow: files - key, listing: listed - files };
}

/**
 * Right-clicks the running bench instance, chooses Add to Workspace, and follows the window
 * through its reload until `etc` shows under the instance's folder in the Explorer (expanded with
 * a click when it came back collapsed). `cameBackEmpty` when the reloaded window had no folder
 * (VS Code's own untitled workspace did that in about half of the attempts).
 */
export async function addToWorkspace(w: BenchWindow): Promise<{ figures?: AddToWorkspace; cameBackEmpty: boolean }> {
  const { page } = w.wb;
  await w.wb.openViewContainer('LXD');
  const row = w.runningRow();
  await row.waitFor();
  await w.settle();
  const old = w.exthost;
  await w.wb.contextMenu(row, 'Add to Workspace');
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
  let firstEmpty = 0;
  const outcome = await waitFor(
    async () => {
      if (listed) {
        return 'listed';
      }
      const empty = await page.getByText(EMPTY_WORKSPACE).first().isVisible();
      emptySince = empty ? emptySince || Date.now() : 0;
      if (empty && !firstEmpty) {
        firstEmpty = Date.now();
        process.stderr.write(`bench:ui: Add to Workspace: the Explorer says "no folder" ${firstEmpty - laidOut} ms after the workbench\n`);
      }
      if (empty && Date.now() - emptySince > EMPTY_FOR_MS) {
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
    return { cameBackEmpty: true };
  }
  const log = await w.activation();
  return {
    cameBackEmpty: false,
    figures: {
      total: listed - key,
      reload: start - key,
      workbench: laidOut - start,
      fromWindow: listed - laidOut,
      host: log.hostStarted && log.hostStarted - start,
      toActivation: log.activating && log.hostStarted && log.activating - log.hostStarted,
      activation: log.ready && log.activating && log.ready - log.activating,
      afterReady: log.ready && listed - log.ready,
    },
  };
}
