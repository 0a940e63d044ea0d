import * as assert from 'node:assert/strict';
import { ApiError, CancelledError } from '../../../src/client';
import type { Command, CommandContext } from '../../../src/commands/context';
import { Reporter, UserError, failed, isCancellation, runCommand } from '../../../src/commands/wrapper';

/** A reporter that records what the user and the log would get; `click` is the button the user presses. */
function recorder(click?: string) {
  const seen = { debug: [] as string[], errors: [] as unknown[][], shown: [] as { message: string; actions: string[] }[], logShown: 0 };
  const reporter: Reporter = {
    log: {
      debug: (m) => seen.debug.push(m),
      error: (...args) => seen.errors.push(args),
      show: () => seen.logShown++,
    },
    showError: async (message, ...actions) => {
      seen.shown.push({ message, actions });
      return click;
    },
  };
  return { reporter, seen };
}

const ctx = {} as CommandContext;
const throwing = (e: unknown): Command => ({
  id: 'lxd.test.fail',
  run: async () => {
    throw e;
  },
});

/** An error as VS Code's CancellationError is, without loading VS Code. */
function vscodeCancellation(): Error {
  const e = new Error('Canceled');
  e.name = 'Canceled';
  return e;
}

describe('The command wrapper (runCommand)', () => {
  it('runs the command with the context and the arguments, and shows nothing when it succeeds', async () => {
    const { reporter, seen } = recorder();
    const got: unknown[] = [];
    await runCommand(ctx, { id: 'lxd.test.ok', run: (c, ...args) => got.push(c, ...args) }, ['node', ['selection']], reporter);
    assert.deepEqual(got, [ctx, 'node', ['selection']]);
    assert.deepEqual(seen.shown, []);
    assert.deepEqual(seen.errors, []);
  });

  it('shows one message in the error\'s words with "Show Log", and logs the command id and the stack', async () => {
    const { reporter, seen } = recorder();
    await runCommand(ctx, throwing(new UserError('Cannot start c1: the instance is already running')), [], reporter);
    assert.deepEqual(seen.shown, [{ message: 'Cannot start c1: the instance is already running', actions: ['Show Log'] }]);
    assert.equal(seen.errors.length, 1);
    assert.match(String(seen.errors[0][0]), /^lxd\.test\.fail failed: Cannot start c1/);
    assert.match(String(seen.errors[0][1]), /UserError: Cannot start c1/);
    assert.equal(seen.logShown, 0);
  });

  it('opens the log when the user clicks "Show Log"', async () => {
    const { reporter, seen } = recorder('Show Log');
    await runCommand(ctx, throwing(new Error('boom')), [], reporter);
    assert.equal(seen.logShown, 1);
  });

  it('cuts a very long message to 400 characters for the notification; the log keeps it whole', async () => {
    const { reporter, seen } = recorder();
    const long = 'x'.repeat(1000);
    await runCommand(ctx, throwing(new Error(long)), [], reporter);
    assert.equal(seen.shown[0].message, `${'x'.repeat(400)}…`);
    assert.match(String(seen.errors[0][0]), new RegExp(`${long}$`));
  });

  it('shows something for a thrown value that is not an Error', async () => {
    const { reporter, seen } = recorder();
    await runCommand(ctx, throwing('plain text'), [], reporter);
    assert.equal(seen.shown[0].message, 'plain text');
  });

  for (const [what, e] of [
    ["the client's CancelledError", new CancelledError('The wait')],
    ["VS Code's CancellationError (Escape in a picker)", vscodeCancellation()],
    ['a cancellation wrapped by failed()', failed('Cannot create c1', new CancelledError())],
  ] as const) {
    it(`is silent on ${what}: a debug line in the log, no message`, async () => {
      const { reporter, seen } = recorder();
      await runCommand(ctx, throwing(e), [], reporter);
      assert.deepEqual(seen.shown, []);
      assert.deepEqual(seen.errors, []);
      assert.deepEqual(seen.debug, ['lxd.test.fail cancelled']);
    });
  }
});

describe('Saying what the user was doing (failed)', () => {
  it("puts what was being done before LXD's own words, and keeps the cause's stack", () => {
    const cause = new ApiError({ status: 400, lxdMessage: 'The instance is already running' });
    const e = failed('Cannot start c1', cause);
    assert.ok(e instanceof UserError);
    assert.equal(e.message, `Cannot start c1: ${cause.message}`);
    assert.equal(e.cause, cause);
    assert.match(e.stack ?? '', /Caused by: ApiError/);
  });

  it('passes a cancellation through unchanged, so it stays silent', () => {
    const c = new CancelledError();
    assert.equal(failed('Cannot delete c1', c), c);
    assert.ok(isCancellation(vscodeCancellation()));
    assert.ok(!isCancellation(new Error('Canceled for real? no: a plain error')));
  });
});
