import * as assert from 'assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { Client, InstanceBuilder } from '../../src/client';
import { ensureProject, projectImage } from '../support/projects';
import { Target, testImageServer, testbed } from '../support/testbed';
import { activeEditor, selectOnly, textOf } from './harness/editor';
import { addToWorkspace, explorerRow, waitForInstanceRow } from './harness/explorer';
import { useWorkbench } from './harness/session';
import { repoRoot } from './harness/testbed';
import { exactly } from './harness/text';
import { atStep, onlyView } from './harness/views';
import { clickPaneHeader, Workbench } from './harness/workbench';

/**
 * A project of their own, so the pictures show these instances only, whatever other suites run in
 * lxdx-test meanwhile; made and removed by this suite.
 */
const PROJECT = 'lxdx-readme';

/** What each server holds in the pictures: names a reader can make sense of. */
const INSTANCES: Record<Target['name'], { name: string; running: boolean; config?: Record<string, string> }[]> = {
  lxd: [
    { name: 'lxdx-web', running: true },
    { name: 'lxdx-db', running: true },
    { name: 'lxdx-build', running: false },
  ],
  incus: [
    { name: 'lxdx-app', running: true, config: { 'limits.cpu': '2' } },
    { name: 'lxdx-ci', running: false },
  ],
};

/** The instance the terminal and the file are in, on LXD. */
const SUBJECT = 'lxdx-web';
/** The instance whose configuration is edited, on Incus (which explains its keys from its own list). */
const CONFIGURED = 'lxdx-app';
const FILE = '/etc/lxdx-web.conf';
/** The image server the create wizard lists images from. */
const IMAGE_SERVER = 'lxdx-images';
const FILE_TEXT = '# lxdx-web: served from inside the instance\nlisten = 127.0.0.1:8080\nworkers = 4\nlog_level = info\n';

/**
 * The README's pictures go to media/readme/ when LXDX_UPDATE_SCREENSHOTS=1, and otherwise beside the
 * other artifacts, so a test run leaves the tree clean.
 */
const UPDATE = process.env.LXDX_UPDATE_SCREENSHOTS === '1';
const PICTURES = UPDATE
  ? path.join(repoRoot, 'media', 'readme')
  : path.join(repoRoot, 'test-artifacts', 'e2e', 'readme-screenshots', 'pictures');

interface Framing {
  /** The smallest box around these parts of the window… */
  around?: Locator[];
  /** …this many pixels wider on each side. */
  margin?: number;
  /** Or the window's top this many pixels. */
  top?: number;
}

/** Saves `name`.png: the whole window unless `framing` says which part of it. */
async function picture(wb: Workbench, name: string, framing: Framing = {}): Promise<void> {
  const view = wb.page.viewportSize()!;
  // The pointer goes where it highlights nothing (the editor's empty right edge has no hover).
  await wb.page.mouse.move(view.width - 2, view.height / 2);
  fs.mkdirSync(PICTURES, { recursive: true });
  const { around = [], margin = 0, top } = framing;
  const boxes = (await Promise.all(around.map((p) => p.boundingBox()))).filter((b) => b !== null);
  assert.equal(boxes.length, around.length, `every part of ${name} is on screen`);
  let clip = top ? { x: 0, y: 0, width: view.width, height: top } : undefined;
  if (boxes.length) {
    const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
    const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
    const right = Math.min(view.width, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
    const bottom = Math.min(view.height, Math.max(...boxes.map((b) => b.y + b.height)) + margin);
    clip = { x, y, width: right - x, height: bottom - y };
  }
  const file = path.join(PICTURES, `${name}.png`);
  await wb.page.screenshot({ path: file, clip, caret: 'hide', animations: 'disabled' });
  if (UPDATE) {
    shrink(file);
  }
}

/**
 * Recompresses a picture for the repository without changing a pixel (optipng makes Chromium's
 * PNGs a quarter to a half smaller), when optipng is installed.
 */
function shrink(file: string): void {
  const run = spawnSync('optipng', ['-quiet', '-o2', '-strip', 'all', file], { stdio: 'inherit' });
  if (run.error || run.status !== 0) {
    console.log(
      `      ${path.basename(file)} left as Chromium wrote it: optipng ${run.error ? 'is not installed (apt-get install optipng)' : 'failed'}`,
    );
  }
}

/** The tree rows of a view, as their labels. */
async function rowLabels(pane: Locator): Promise<string[]> {
  return (await pane.locator('.monaco-list-row .label-name').allInnerTexts()).map((l) => l.trim());
}

/**
 * The pictures of the README, taken from the packaged extension in code-server with the test bed's
 * LXD and Incus as two servers, each check saying what its picture must show.
 */
describe("The README's screenshots", function () {
  const { targets } = testbed();
  const served = testImageServer();
  const clients = new Map<Target, Client>();

  before(async function () {
    this.timeout(240_000);
    await Promise.all(
      targets.map(async (target) => {
        await ensureProject(target, PROJECT, 'LXD Explorer README screenshots');
        const client = Client.unix(target.socket, { project: PROJECT });
        clients.set(target, client);
        // A run cut short may have left them: start from what the pictures show.
        await removeInstances(client);
        const fingerprint = await projectImage(target, client, PROJECT);
        for (const { name, running, config = {} } of INSTANCES[target.name]) {
          await client.instances.create(new InstanceBuilder(name).image({ fingerprint }).config(config)).wait();
          if (running) {
            await client.instances.start(name).wait();
          }
        }
        if (target.name === 'lxd') {
          await client.files.write(SUBJECT, FILE, FILE_TEXT, { uid: 0, gid: 0, mode: 0o644 });
        }
      }),
    );
  });

  after(async function () {
    this.timeout(240_000);
    await Promise.all(
      [...clients].map(async ([target, client]) => {
        await removeInstances(client).catch(() => undefined);
        for (const { fingerprint } of await client.images.list().catch(() => [])) {
          await client.images
            .delete(fingerprint ?? '')
            .wait()
            .catch(() => undefined);
        }
        await client.close();
        const root = Client.unix(target.socket);
        await root.projects.delete(PROJECT).catch(() => undefined);
        await root.close();
      }),
    );
  });

  const e2e = useWorkbench({
    name: 'readme-screenshots',
    viewport: { width: 1280, height: 800 },
    settings: {
      'lxd.detectLocal': false,
      'lxd.readCliRemotes': false,
      'lxd.connections': targets.map((t) => ({ name: t.name, socket: t.socket, project: PROJECT })),
      // The test bed's image server, standing in for images: and ubuntu: (out of reach here).
      'lxd.imageServers': [{ name: IMAGE_SERVER, url: served.url, certificate: served.certPath }],
      'workbench.colorTheme': 'Default Dark Modern',
      'editor.minimap.enabled': false,
      'files.autoSave': 'off',
    },
  });

  it("shows both servers' instances, running and stopped, and a shell in one of them printing a command's output", async function () {
    this.timeout(120_000);
    const wb = e2e.workbench;
    await wb.openViewContainer('LXD');
    await onlyView(wb, 'Instances');
    await wb.resizeSideBar(340);
    for (const target of targets) {
      for (const { name, running } of INSTANCES[target.name]) {
        await waitForInstanceRow(wb, name, { status: running ? 'running' : 'stopped', timeout: 60_000 });
      }
    }
    // The editor shows the instance's details, the panel a shell in it.
    await wb.contextMenu(await wb.treeItem('Instances', SUBJECT), 'Show Details');
    await wb.waitFor(
      async () => {
        const text = await textOf(activeEditor(wb));
        return text.includes(`name: ${SUBJECT}`) && text.includes('status: Running');
      },
      { message: `the details of ${SUBJECT} in an editor` },
    );
    await wb.contextMenu(await wb.treeItem('Instances', SUBJECT), 'Open Shell');
    await wb.waitFor(async () => /[#$] *$/.test(await wb.terminalText()), { message: 'the shell prompt', timeout: 30_000 });
    await wb.typeInTerminal('hostname; uname -sm; ls /\n');
    const lines = await wb.waitFor(
      async () => {
        const text = (await wb.terminalText()).split('\n');
        return text.includes(SUBJECT) && text.some((l) => /\bbin\b.*\betc\b/.test(l)) && text;
      },
      { message: "the command's output in the terminal" },
    );
    assert.ok(
      lines.some((l) => /^Linux x86_64$/.test(l)),
      lines.join('\n'),
    );
    await picture(wb, 'explorer');
    await wb.runCommand('View: Close All Editors');
  });

  it("shows the images, storage pools and profiles of each server, and an image server's images by OS", async function () {
    this.timeout(60_000);
    const wb = e2e.workbench;
    await wb.runCommand('workbench.action.closePanel');
    await onlyView(wb, 'Instances');
    // Instances folded: its rows make room for the other views.
    const instancesHeader = wb.page.locator('.pane-header', { has: wb.page.locator('.title', { hasText: /^Instances$/i }) }).first();
    await clickPaneHeader(instancesHeader);
    const panes: Record<string, Locator> = {};
    for (const title of ['Images', 'Storage', 'Profiles']) {
      panes[title] = await wb.view(title);
    }
    // The image server, and in it the images of its one OS.
    const imageServers = await wb.view('Image Servers');
    for (const label of [`${IMAGE_SERVER}:`, 'Busybox']) {
      const row = imageServers.locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: exactly(label) }) }).first();
      await row.waitFor({ timeout: 30_000 });
      if ((await row.getAttribute('aria-expanded')) !== 'true') {
        await row.locator('.monaco-tl-twistie').click();
      }
    }
    await wb.waitFor(async () => (await rowLabels(imageServers)).filter((l) => l.startsWith('busybox/')).length === 3, {
      message: `the images of ${IMAGE_SERVER}: under Busybox`,
      timeout: 30_000,
    });
    await wb.waitFor(
      async () => {
        const seen = await Promise.all(Object.values(panes).map(rowLabels));
        const [images, storage, profiles] = seen;
        const servers = targets.map((t) => t.name);
        return (
          seen.every((rows) => servers.every((s) => rows.includes(s))) &&
          images.length >= 2 * targets.length &&
          targets.every((t) => storage.includes(t.pool)) &&
          profiles.filter((p) => p === 'default').length === targets.length
        );
      },
      { message: "each server's image, pool and default profile in the views", timeout: 30_000 },
    );
    // The focus in the (empty) editor area, so no row or header of the side bar shows it.
    await wb.page.locator('.part.editor').click();
    await picture(wb, 'views', { around: [wb.page.locator('.part.sidebar')] });
    await clickPaneHeader(instancesHeader);
  });

  it("completes configuration keys in an instance's YAML editor and explains them", async function () {
    this.timeout(120_000);
    const wb = e2e.workbench;
    await onlyView(wb, 'Instances');
    await wb.contextMenu(await wb.treeItem('Instances', CONFIGURED), 'Edit Configuration');
    // The side bar closed (Ctrl+B), so the key's details fit beside the list.
    await wb.page.keyboard.press('Control+b');
    await wb.page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    await wb.page.locator('.tabs-container .tab', { hasText: `${CONFIGURED}.yaml` }).waitFor();
    await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes('limits.cpu:'), { message: 'the configuration in the editor' });
    // A new key under limits.cpu, at its indentation.
    await selectOnly(wb, activeEditor(wb), 'limits.cpu:');
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('limits.me');
    const suggest = wb.page.locator('.editor-widget.suggest-widget.visible');
    const memory = suggest.locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: /^limits\.memory$/ }) }).first();
    await memory.waitFor({ timeout: 20_000 });
    // The details beside the list say what the key is.
    const details = wb.page.locator('.suggest-details-container .suggest-details');
    if (!(await details.isVisible())) {
      await wb.page.keyboard.press('Control+Space');
    }
    await wb.waitFor(async () => (await details.isVisible()) && /memory/i.test(await details.innerText()), {
      message: 'the details of limits.memory',
    });
    await picture(wb, 'config-completion', {
      around: [wb.page.locator('.part.editor .editor-group-container .title').first(), suggest, details],
      margin: 12,
    });
    await wb.page.keyboard.press('Escape');
    await wb.runCommand('File: Revert File');
    await wb.runCommand('View: Close All Editors');
    await wb.page.keyboard.press('Control+b');
    await wb.openViewContainer('LXD');
  });

  it("walks through creating an instance: the server, then the image, from the server's own or an image server's", async function () {
    this.timeout(60_000);
    const wb = e2e.workbench;
    // No row of Instances selected or focused, so none shows its inline actions beside the wizard.
    const instances = await wb.view('Instances');
    await wb.runCommand('lxd.views.instances.focus');
    await wb.waitFor(
      async () => {
        await wb.page.keyboard.press('Escape');
        return (await instances.locator('.monaco-list-row.selected, .monaco-list-row.focused').count()) === 0;
      },
      { message: 'no row of Instances selected or focused' },
    );
    await wb.runCommand('LXD: Create Instance…');
    const input = wb.quickPick();
    if (targets.length > 1) {
      await input.pick(targets[0].name);
    }
    await atStep(wb, 'image');
    // Every image server read (no "reading its images…" row left), each of its images a row.
    const rows = await wb.waitFor(
      async () => {
        const items = await input.items();
        const listed = items.filter((i) => i.startsWith(`${IMAGE_SERVER}:`));
        return !items.some((i) => i.endsWith('reading its images…')) && listed.length === 3 && items;
      },
      { timeout: 30_000, message: `the images of ${IMAGE_SERVER}: listed` },
    );
    assert.ok(rows.includes(`${IMAGE_SERVER}:busybox/edge`), rows.join(' | '));
    assert.ok(
      rows.some((i) => /busybox test image/.test(i)),
      `the project's own image: ${rows.join(' | ')}`,
    );
    assert.ok(!rows.some((i) => /Cannot reach/.test(i)), `no image server that cannot be reached: ${rows.join(' | ')}`);
    await picture(wb, 'create-instance', { top: 360 });
    await input.cancel();
  });

  it('opens a file of the instance from the Explorer in the editor', async function () {
    this.timeout(180_000);
    const wb = e2e.workbench;
    // With several servers, the folder names the connection too.
    const folder = `${SUBJECT} · ${PROJECT}${targets.length > 1 ? ' · lxd' : ''} (instance)`;
    await addToWorkspace(wb, SUBJECT, folder, /^etc$/);
    const etc = explorerRow(wb, 2, /^etc$/);
    if ((await etc.getAttribute('aria-expanded')) !== 'true') {
      await etc.click();
    }
    const file = path.posix.basename(FILE);
    await explorerRow(wb, 3, file).click();
    await wb.page.locator('.tabs-container .tab', { hasText: file }).waitFor();
    await wb.waitFor(async () => (await textOf(activeEditor(wb))).includes('workers = 4'), { message: "the file's content in the editor" });
    await picture(wb, 'files');
  });
});

/** Deletes every instance of the client's project, running or not. */
async function removeInstances(client: Client): Promise<void> {
  for (const { name = '', status } of await client.instances.list()) {
    if (status !== 'Stopped') {
      await client.instances.stop(name, { force: true }).wait();
    }
    await client.instances.delete(name).wait();
  }
}
