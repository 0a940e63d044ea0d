import * as assert from 'assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, query, queryMaybe } from '../support/cli';
import { testImageServer, testbed, uniqueName } from '../support/testbed';
import { testbedConnections, waitForInstanceRow } from './harness/explorer';
import { useWorkbench } from './harness/session';
import { atStep, finishWizard } from './harness/views';

/**
 * The walkthrough's "Launch an instance" step for a user who has no image yet: a project without
 * images, and no lxc or incus configuration (neither CLI ever ran), so the image servers offered
 * are the CLIs' defaults (images:, ubuntu:, unreachable from here, each a quick error row) and the
 * lxd.imageServers setting's. Its Create Instance button leads to a launch from an image server.
 */
describe('The walkthrough launches an instance on a server with no image', function () {
  const { targets } = testbed();
  const served = testImageServer();
  const project = uniqueName('noimages');
  const noCli = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-nocli-'));

  before(function () {
    for (const t of targets) {
      // Its own images, and the profiles (with their root disk) of the default project.
      cli(t, ['project', 'create', project, '-c', 'features.images=true', '-c', 'features.profiles=false']);
    }
  });

  after(function () {
    this.timeout(300_000);
    for (const t of targets) {
      for (const name of query<string[]>(t, '/1.0/instances', project).map((u) => u.split('/').pop()!.split('?')[0])) {
        quietly(() => cli(t, ['delete', name, '--force', '--project', project]));
      }
      for (const fp of query<string[]>(t, '/1.0/images', project).map((u) => u.split('/').pop()!.split('?')[0])) {
        quietly(() => cli(t, ['image', 'delete', fp, '--project', project]));
      }
      quietly(() => cli(t, ['project', 'delete', project]));
    }
    fs.rmSync(noCli, { recursive: true, force: true });
  });

  const e2e = useWorkbench({
    name: 'launch-walkthrough',
    // Configuration directories that do not exist: as for a user who never ran lxc or incus.
    env: { LXD_CONF: path.join(noCli, 'lxc'), INCUS_CONF: path.join(noCli, 'incus') },
    settings: testbedConnections(
      { 'lxd.readCliRemotes': true, 'lxd.imageServers': [{ name: 'lxdx-images', url: served.url, certificate: served.certPath }] },
      project,
    ),
  });

  for (const target of targets) {
    it(`from the walkthrough's Create Instance, with no image on the server, launches one from an image server [${target.name}]`, async function () {
      this.timeout(180_000);
      const wb = e2e.workbench;
      assert.deepStrictEqual(query<string[]>(target, '/1.0/images', project), [], `project ${project} has no image`);
      const name = uniqueName('walkthrough');

      await wb.runCommand('Welcome: Open Walkthrough...');
      await wb.quickPick().pick(/Get started with LXD Explorer/);
      const page = wb.page.locator('.gettingStartedContainer');
      await page.locator('.getting-started-step', { hasText: 'Launch an instance' }).click();
      const description = page.locator('.getting-started-step.expanded');
      await wb.waitFor(async () => /image server/.test(await description.innerText()), { message: 'the launch step, expanded' });
      assert.doesNotMatch(await description.innerText(), /import/i, 'the step does not ask for an image import');
      await wb.screenshot(`${target.name} walkthrough launch step`);
      await description.getByRole('button', { name: 'Create Instance', exact: true }).click();

      // The button is the session's first use of the extension: it activates and finds its servers first.
      await wb.waitFor(async () => /^Create Instance/.test(await wb.quickPick().title()), {
        timeout: 60_000,
        message: 'the wizard or its server picker',
      });
      if ((await wb.quickPick().title()) === 'Create Instance') {
        await wb.quickPick().pick(target.name);
      }
      await atStep(wb, 'image');
      const rows = await wb.waitFor(
        async () => {
          const all = await wb.quickPick().items();
          const loaded = !all.some((r) => r.endsWith(' reading its images…'));
          return (
            loaded &&
            all.includes('lxdx-images:busybox/edge') &&
            ['images:', 'ubuntu:', 'ubuntu-daily:'].every((s) => all.some((r) => r.startsWith(`${s} Cannot reach`))) &&
            all
          );
        },
        { timeout: 30_000, message: "the image server's images, and an error row for each of the CLIs' default image servers" },
      );
      assert.ok(!rows.some((r) => /^on .*\(/.test(r) || r.includes(testbed().image)), `no image of the server's own: ${rows.join(' | ')}`);
      await wb.screenshot(`${target.name} walkthrough image step`);
      await wb.quickPick().pick('lxdx-images:busybox/edge');
      await finishWizard(wb, name);

      await wb.waitFor(() => queryMaybe(target, `/1.0/instances/${name}`, project) !== undefined, {
        timeout: 90_000,
        message: `${name} made`,
      });
      await wb.openViewContainer('LXD');
      await waitForInstanceRow(wb, name, { status: 'running', timeout: 90_000 });
      const made = query<{ status: string; config: Record<string, string> }>(target, `/1.0/instances/${name}`, project);
      assert.strictEqual(made.status, 'Running');
      const fingerprint = made.config['volatile.base_image'];
      assert.ok(queryMaybe(target, `/1.0/images/${fingerprint}`, project), 'the image is in the project now');
      await wb.screenshot(`${target.name} walkthrough launched`);
      // At once, not after the suite: while a project holds this image the daemon copies it from
      // there instead of downloading it, and the launch tests need it downloaded.
      cli(target, ['delete', name, '--force', '--project', project]);
      cli(target, ['image', 'delete', fingerprint, '--project', project]);
    });
  }
});

function quietly(f: () => unknown): void {
  try {
    f();
  } catch {
    // Already gone.
  }
}
