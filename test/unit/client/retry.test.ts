import * as assert from 'node:assert/strict';
import { backoffDelay } from '../../../src/client/retry';

const low = (): number => 0;
const high = (): number => 1;
const middle = (): number => 0.5;

describe('client: delays between retries', () => {
  it('doubles from the first delay by default, without jitter', () => {
    const o = { initialMs: 100, maxMs: 10_000, jitter: 0 };
    assert.deepEqual(
      [0, 1, 2, 3].map((a) => backoffDelay(a, o)),
      [100, 200, 400, 800],
    );
  });

  it('grows by the given factor and never passes the maximum', () => {
    const o = { initialMs: 100, maxMs: 1_000, factor: 3, jitter: 0 };
    assert.deepEqual(
      [0, 1, 2, 3, 10].map((a) => backoffDelay(a, o)),
      [100, 300, 900, 1_000, 1_000],
    );
  });

  it('spreads each delay by the jitter fraction around its base (20 % by default)', () => {
    const o = { initialMs: 1_000, maxMs: 10_000 };
    assert.equal(backoffDelay(0, o, low), 800);
    assert.equal(backoffDelay(0, o, middle), 1_000);
    assert.equal(backoffDelay(0, o, high), 1_200);
    assert.equal(backoffDelay(1, { ...o, jitter: 0.5 }, low), 1_000);
  });

  it('rounds to whole milliseconds and never goes below zero', () => {
    assert.equal(
      backoffDelay(0, { initialMs: 3, maxMs: 10, jitter: 0.5 }, () => 0.3),
      2,
    ); // 2.4
    assert.equal(
      backoffDelay(0, { initialMs: 3, maxMs: 10, jitter: 0.5 }, () => 0.7),
      4,
    ); // 3.6
    assert.equal(backoffDelay(0, { initialMs: 10, maxMs: 10, jitter: 2 }, low), 0);
  });

  it('varies between clients: with the real random source the delay stays within the spread', () => {
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(2, { initialMs: 250, maxMs: 10_000 });
      assert.ok(d >= 800 && d <= 1_200, String(d));
    }
  });
});
