import * as assert from 'node:assert/strict';
import { KeyedThrottle } from '../../../src/views/throttle';

/** A clock the test moves by hand: `schedule` records, `tick` runs what is due. */
function manualClock() {
  let now = 0;
  let due: { at: number; fn: () => void; cancelled: boolean }[] = [];
  return {
    schedule(fn: () => void, ms: number) {
      const t = { at: now + ms, fn, cancelled: false };
      due.push(t);
      return { cancel: () => (t.cancelled = true) };
    },
    tick(ms: number) {
      now += ms;
      const ready = due.filter((t) => t.at <= now);
      due = due.filter((t) => t.at > now);
      ready.filter((t) => !t.cancelled).forEach((t) => t.fn());
    },
  };
}

describe('The refresh throttle (KeyedThrottle)', () => {
  it('runs the last function given for a key once, a period after the first call', () => {
    const clock = manualClock();
    const throttle = new KeyedThrottle(() => 100, clock.schedule);
    const ran: string[] = [];
    throttle.run('k', () => ran.push('first'));
    clock.tick(60);
    throttle.run('k', () => ran.push('second'));
    clock.tick(39);
    assert.deepEqual(ran, []);
    clock.tick(1);
    assert.deepEqual(ran, ['second']);
  });

  it('keeps refreshing once a period while events keep coming, where a debounce would wait for quiet', () => {
    const clock = manualClock();
    const throttle = new KeyedThrottle(() => 100, clock.schedule);
    let runs = 0;
    for (let t = 0; t < 500; t += 20) {
      throttle.run('k', () => runs++);
      clock.tick(20);
    }
    assert.equal(runs, 5);
  });

  it('keeps keys apart', () => {
    const clock = manualClock();
    const throttle = new KeyedThrottle(() => 100, clock.schedule);
    const ran: string[] = [];
    throttle.run('a', () => ran.push('a'));
    throttle.run('b', () => ran.push('b'));
    clock.tick(100);
    assert.deepEqual(ran.sort(), ['a', 'b']);
  });

  it('runs nothing after it is disposed', () => {
    const clock = manualClock();
    const throttle = new KeyedThrottle(() => 100, clock.schedule);
    let ran = false;
    throttle.run('k', () => (ran = true));
    throttle.dispose();
    clock.tick(100);
    assert.equal(ran, false);
  });
});
