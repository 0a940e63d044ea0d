import * as assert from 'assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { testbed } from '../support/testbed';
import { useWorkbench } from './harness/session';

/**
 * The walkthrough's "Connect to a server" step is ticked once a server is connected, not when the
 * view merely opens: the one connection points at a socket that is not there yet (a daemon not
 * running), then the socket appears (a link to the test bed's first daemon) and Retry on the
 * view's message row connects.
 */
describe('The getting-started walkthrough', function () {
  const target = testbed().targets[0];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-e2e-walkthrough-'));
  const socket = path.join(dir, 'unix.socket');

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const e2e = useWorkbench({
    name: 'walkthrough',
    settings: {
      'lxd.detectLocal': false,
      'lxd.readCliRemotes': false,
      'lxd.connections': [{ name: 'later', socket, project: testbed().project }],
    },
  });

  it('ticks "Connect to a server" only once a server is connected', async function () {
    this.timeout(120_000);
    const wb = e2e.workbench;
    await wb.openViewContainer('LXD');
    // The view says the one server cannot be reached.
    const unreachable = wb.page.locator('.pane .monaco-list-row', { hasText: 'later: Cannot connect to' }).first();
    await unreachable.waitFor({ timeout: 30_000 });
    await wb.runCommand('welcome.showAllWalkthroughs');
    await wb.quickPick().pick(/Get started with LXD Explorer/);
    const step = wb.page.locator('button.getting-started-step[data-step-id$="connect"]').first();
    await step.waitFor();
    assert.equal(await step.getAttribute('aria-checked'), 'false', 'not done while nothing is connected');
    await wb.screenshot('walkthrough before connecting');

    fs.symlinkSync(target.socket, socket);
    // Retry, inline on the row that says so.
    await unreachable.hover();
    await unreachable.locator('.actions .action-label[aria-label^="Retry Connection"]').click();
    await unreachable.waitFor({ state: 'hidden', timeout: 30_000 });
    await wb.waitFor(async () => (await step.getAttribute('aria-checked')) === 'true', {
      message: 'the connect step to be ticked',
      timeout: 30_000,
    });
    await wb.screenshot('walkthrough after connecting');
  });
});
