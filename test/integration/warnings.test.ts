import * as assert from 'node:assert/strict';
import { query } from '../support/cli';
import { apiError, forEachTarget, useSuite } from '../support/fixtures';
import { testbed } from '../support/testbed';

interface RawWarning {
  uuid: string;
  type: string;
  project: string;
  status: string;
  last_message: string;
}

/**
 * Warnings belong to the daemon and to whoever else uses it: this suite only reads them, and only
 * flips the status of a warning the daemon raised about itself (project "") and puts it back.
 * It deletes none.
 */
forEachTarget('warnings', (target) => {
  const project = testbed().project;
  const s = useSuite(target);

  const raw = (): RawWarning[] => query<RawWarning[] | null>(target, '/1.0/warnings?recursion=1') ?? [];
  const rawOne = (uuid: string): RawWarning => query<RawWarning>(target, `/1.0/warnings/${uuid}`);

  it("lists every warning, the server's own included, as the daemon does", async () => {
    const warnings = await s.client.warnings.list();
    const cliUuids = raw().map((w) => w.uuid);
    assert.deepEqual(warnings.map((w) => w.uuid).sort(), cliUuids.sort());
    for (const w of warnings) {
      const one = await s.client.warnings.get(w.uuid!);
      assert.equal(one.last_message, rawOne(w.uuid!).last_message);
    }
  });

  it("lists only one project's warnings when asked, without the server's own", async () => {
    const warnings = await s.client.warnings.list({ project });
    assert.ok(warnings.every((w) => w.project === project));
    assert.deepEqual(
      warnings.map((w) => w.uuid).sort(),
      (query<RawWarning[] | null>(target, '/1.0/warnings?recursion=1', project) ?? []).map((w) => w.uuid).sort(),
    );
  });

  it('acknowledges a warning the daemon raised about itself, then marks it new again', async function () {
    const own = raw().find((w) => w.project === '' && w.status === 'new');
    if (!own) {
      this.skip();
    }
    s.cleanup.defer(() => s.client.warnings.setStatus(own.uuid, 'new'));
    await s.client.warnings.setStatus(own.uuid, 'acknowledged');
    assert.equal(rawOne(own.uuid).status, 'acknowledged');
    assert.equal((await s.client.warnings.get(own.uuid)).status, 'acknowledged');
    await s.client.warnings.setStatus(own.uuid, 'new');
    assert.equal(rawOne(own.uuid).status, 'new');
  });

  it('says a warning that does not exist is not found (404)', async () => {
    await assert.rejects(s.client.warnings.get('00000000-0000-0000-0000-000000000000'), apiError(404));
  });
});
