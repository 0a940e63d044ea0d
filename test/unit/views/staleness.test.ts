import * as assert from 'node:assert/strict';
import type { Instance, InstanceState } from '../../../src/generated';
import { LIST_FROM, MAX_RETRIES, StaleSet, readPlan, retryDelayMs, rowSignature } from '../../../src/views/instances/staleness';

const instance = (over: Partial<Instance> = {}): Instance => ({
  name: 'c1',
  project: 'default',
  status: 'Stopped',
  type: 'container',
  created_at: '2024-01-01T00:00:00Z',
  profiles: ['default'],
  config: {},
  ...over,
});

const withAddress = (address: string): InstanceState =>
  ({ network: { eth0: { addresses: [{ family: 'inet', address, scope: 'global', netmask: '24' }] } } }) as unknown as InstanceState;

describe('How the Instances view catches up after events (views/instances/staleness.ts)', () => {
  it('reads a few stale instances one by one and a storm of them with one list call', () => {
    assert.equal(readPlan(1), 'each');
    assert.equal(readPlan(LIST_FROM - 1), 'each');
    assert.equal(readPlan(LIST_FROM), 'list');
    assert.equal(readPlan(200), 'list');
  });

  it('tries a failed read again after 1 s, doubling up to 30 s, and gives up after a bounded number of retries', () => {
    assert.deepEqual(
      Array.from({ length: MAX_RETRIES }, (_, i) => retryDelayMs(i + 1)),
      [1000, 2000, 4000, 8000, 16000, 30000],
    );
    assert.equal(retryDelayMs(MAX_RETRIES + 1), undefined);
    assert.equal(retryDelayMs(0), undefined);
  });

  it('tells a row that reads differently from one that does not', () => {
    const a = instance();
    assert.equal(rowSignature(a, undefined), rowSignature({ ...a }, undefined), 'the same data draws the same row');
    assert.equal(
      rowSignature(a, undefined),
      rowSignature({ ...a, last_used_at: '2025-01-01T00:00:00Z', config: { 'volatile.last_state.power': 'RUNNING' } }, undefined),
      'fields no row shows change nothing',
    );
    assert.notEqual(rowSignature(a, undefined), rowSignature({ ...a, status: 'Running' }, undefined), 'the status is on the row');
    assert.notEqual(rowSignature(a, undefined), rowSignature({ ...a, location: 'member2' }, undefined), 'the location is on the row');
    assert.notEqual(rowSignature(a, undefined), rowSignature({ ...a, description: 'web' }, undefined), 'the description is in the tooltip');
    assert.notEqual(rowSignature(a, withAddress('10.0.0.2')), rowSignature(a, withAddress('10.0.0.3')), 'the address is on the row');
  });

  it('hands out the keys an event marked, each once', () => {
    const stale = new StaleSet();
    stale.mark('p/c1', 100);
    stale.mark('p/c2', 100);
    stale.mark('p/c1', 110);
    assert.deepEqual(stale.takeDue(110), [
      ['p/c1', 0],
      ['p/c2', 0],
    ]);
    assert.deepEqual(stale.takeDue(1000), []);
    assert.equal(stale.nextDue(), undefined);
  });

  it('holds a failed read back for its retry delay, counting the failures', () => {
    const stale = new StaleSet();
    assert.equal(stale.failed('p/c1', 0, 1000), true);
    assert.equal(stale.nextDue(), 2000);
    assert.deepEqual(stale.takeDue(1999), []);
    assert.deepEqual(stale.takeDue(2000), [['p/c1', 1]]);
    assert.equal(stale.failed('p/c1', 1, 2000), true);
    assert.equal(stale.nextDue(), 4000);
  });

  it('gives up on a read that failed too often', () => {
    const stale = new StaleSet();
    assert.equal(stale.failed('p/c1', MAX_RETRIES, 0), false);
    assert.equal(stale.nextDue(), undefined);
  });

  it('reads at once an instance an event marked again while its retry waited', () => {
    const stale = new StaleSet();
    stale.failed('p/c1', 3, 0);
    stale.mark('p/c1', 10);
    assert.deepEqual(stale.takeDue(10), [['p/c1', 0]]);
  });

  it('keeps the fresh mark when a read that began before the event fails', () => {
    const stale = new StaleSet();
    stale.mark('p/c1', 10);
    stale.failed('p/c1', 2, 10);
    assert.deepEqual(stale.takeDue(10), [['p/c1', 0]]);
  });
});
