import * as assert from 'node:assert/strict';
import { ApiError, CancelledError, OperationHandle, TimeoutError } from '../../src/client';
import { cli, query } from '../support/cli';
import { apiError, forEachTarget, useSuite } from '../support/fixtures';
import { uniqueName } from '../support/testbed';

interface RawOperation {
  id: string;
  class: string;
  description: string;
  status: string;
  may_cancel: boolean;
  err: string;
}

forEachTarget('operations', (target) => {
  const s = useSuite(target);

  const raw = (id: string): RawOperation => query<RawOperation>(target, `/1.0/operations/${id}`);

  /**
   * An operation that runs for `seconds` and then fails, and that no daemon lets anyone cancel: a
   * clean stop of a busybox instance, whose init ignores the shutdown signal.
   */
  const slowStop = async (seconds: number): Promise<OperationHandle> => {
    const name = await s.fx.create('opstop', { start: true });
    return s.client.instances.stop(name, { timeout: seconds });
  };

  /** Settles a slow stop before the fixture force-stops its instance: two stops at once confuse LXD 5.0. */
  const settle = (op: OperationHandle): Promise<unknown> => op.wait().catch(() => undefined);

  /**
   * A trust token: an operation that runs until it is used or cancelled, and may be cancelled. Only a
   * daemon that listens on the network issues tokens; the token is revoked after the suite.
   */
  const tokenOperation = async (ctx: Mocha.Context): Promise<string> => {
    if (!cli(target, ['config', 'get', 'core.https_address']).trim()) {
      ctx.skip();
    }
    const issued = await s.client.certificates.issueToken(uniqueName('token'));
    s.cleanup.defer(() => s.client.operations.cancel(issued.operationId));
    return issued.operationId;
  };

  it('lists a running operation and gets it as the daemon reports it', async () => {
    const op = await slowStop(3);
    try {
      const listed = await s.client.operations.list();
      assert.equal(listed.find((o) => o.id === op.id)?.status, 'Running');
      const got = await s.client.operations.get(op.id);
      const cliOp = raw(op.id);
      assert.deepEqual(
        { id: got.id, class: got.class, description: got.description, may_cancel: got.may_cancel },
        { id: cliOp.id, class: cliOp.class, description: cliOp.description, may_cancel: cliOp.may_cancel },
      );
      assert.equal(got.may_cancel, false);
    } finally {
      await settle(op);
    }
  });

  it("reports a failed operation with the daemon's error text and the operation's id", async () => {
    const op = await slowStop(1);
    await assert.rejects(op.wait(), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.operationId, op.id);
      assert.equal(e.message, raw(op.id).err);
      assert.equal(raw(op.id).status, 'Failure');
      return true;
    });
  });

  it("refuses to cancel an operation that cannot be cancelled, in the daemon's own words, and it goes on", async () => {
    const op = await slowStop(3);
    try {
      const refused = await s.client.operations.cancel(op.id).then(
        () => assert.fail('the cancel was accepted'),
        (e: unknown) => e,
      );
      assert.ok(refused instanceof ApiError && refused.status === 400, String(refused));
      const cliSays = (() => {
        try {
          cli(target, ['query', '-X', 'DELETE', `/1.0/operations/${op.id}`]);
          return 'accepted';
        } catch (e) {
          return String((e as { stderr?: string }).stderr)
            .trim()
            .replace(/^Error: /, '');
        }
      })();
      assert.equal(refused.message, cliSays);
      assert.equal(raw(op.id).status, 'Running');

      // Aborting a wait on it only stops waiting, and says so.
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 300);
      await assert.rejects(op.wait({ signal: ac.signal }), (e: unknown) => e instanceof CancelledError && /cannot cancel/.test(e.message));
      assert.equal(raw(op.id).status, 'Running');
    } finally {
      await settle(op);
    }
  });

  it('gives up waiting after the timeout while the operation goes on', async function () {
    const id = await tokenOperation(this);
    const handle = await s.client.operations.handle(id);
    const started = Date.now();
    await assert.rejects(handle.wait({ timeoutMs: 1_500 }), TimeoutError);
    const waited = Date.now() - started;
    assert.ok(waited >= 1_450 && waited < 1_900, `waited ${waited} ms`);
    assert.equal(raw(id).status, 'Running');
  });

  it('cancels a trust-token operation, which the daemon then reports as cancelled', async function () {
    const id = await tokenOperation(this);
    const handle = await s.client.operations.handle(id);
    assert.equal(handle.initial.may_cancel, true);
    await handle.cancel();
    assert.equal(raw(id).status, 'Cancelled');
    await assert.rejects(handle.wait(), CancelledError);
  });

  it('cancels a cancellable operation when the wait on it is aborted', async function () {
    const id = await tokenOperation(this);
    const handle = await s.client.operations.handle(id);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    await assert.rejects(
      handle.wait({ signal: ac.signal }),
      (e: unknown) => e instanceof CancelledError && !/cannot cancel/.test(e.message),
    );
    assert.equal(raw(id).status, 'Cancelled');
  });

  it('lists the operations of every project, also where the daemon cannot in one request', async function () {
    const token = await tokenOperation(this);
    const op = await slowStop(2);
    try {
      const inProject = await s.client.operations.list();
      assert.ok(!inProject.some((o) => o.id === token), 'a token belongs to the default project');
      const all = await s.client.operations.list({ allProjects: true });
      assert.ok(all.some((o) => o.id === token));
      assert.ok(all.some((o) => o.id === op.id));
      assert.equal(new Set(all.map((o) => o.id)).size, all.length, 'each operation once');
    } finally {
      await settle(op);
    }
  });

  it('says an operation that does not exist is not found (404)', async () => {
    await assert.rejects(s.client.operations.get('00000000-0000-0000-0000-000000000000'), apiError(404));
  });
});
