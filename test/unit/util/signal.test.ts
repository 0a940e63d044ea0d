import * as assert from 'node:assert/strict';
import { signalOf } from '../../../src/util/signal';

/** A cancellation token as VS Code's behaves: listeners run when it is cancelled. */
function token(cancelled = false) {
  const listeners: (() => unknown)[] = [];
  return {
    isCancellationRequested: cancelled,
    onCancellationRequested: (l: () => unknown) => listeners.push(l),
    cancel() {
      this.isCancellationRequested = true;
      listeners.forEach((l) => l());
    },
  };
}

describe('A cancellation token as an AbortSignal (signalOf)', () => {
  it('aborts when the token is cancelled, not before', () => {
    const t = token();
    const signal = signalOf(t);
    assert.equal(signal.aborted, false);
    t.cancel();
    assert.equal(signal.aborted, true);
  });

  it('is aborted at once for a token cancelled already', () => {
    assert.equal(signalOf(token(true)).aborted, true);
  });
});
