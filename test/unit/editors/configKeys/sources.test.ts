import * as assert from 'node:assert/strict';
import { KeyServer, KeySources } from '../../../../src/editors/configKeys/sources';
import { METADATA } from './fixtures';

function server(over: Partial<KeyServer> = {}): KeyServer & { fetched: number } {
  const s = {
    id: 'incus@6.0.4',
    kind: 'incus' as const,
    label: 'Incus 6.0.4',
    publishesKeys: true,
    fetched: 0,
    fetchKeys: () => {
      s.fetched++;
      return Promise.resolve(METADATA);
    },
    ...over,
  };
  return s;
}

describe('config keys: where each server’s keys come from', () => {
  const table = { CONFIG_KEYS: { configs: {} }, CONFIG_KEYS_SOURCE: { product: 'Incus', version: '6.0.4' } };

  it("reads a server's own list once, and never loads the table for it", async () => {
    let loads = 0;
    const sources = new KeySources(() => (loads++, Promise.resolve(table)), assert.fail);
    const incus = server();
    const [a, b] = await Promise.all([sources.keysOf(incus), sources.keysOf(incus)]);
    assert.equal(a, b);
    assert.equal(incus.fetched, 1);
    assert.equal(loads, 0);
    assert.equal(a.find(['instance'], 'limits.memory')?.origin, 'server');
  });

  it('loads the table, once, for servers that publish no list', async () => {
    let loads = 0;
    const sources = new KeySources(() => (loads++, Promise.resolve({ ...table, CONFIG_KEYS: METADATA })), assert.fail);
    const lxd = await sources.keysOf(server({ id: 'lxd@5.0.2', kind: 'lxd', label: 'LXD 5.0.2', publishesKeys: false }));
    await sources.keysOf(server({ id: 'other@5.0.2', kind: 'lxd', label: 'LXD 5.0.2', publishesKeys: false }));
    assert.equal(loads, 1);
    assert.equal(lxd.find(['instance'], 'limits.memory')?.origin, 'table');
    assert.equal(lxd.lists.table?.label, 'Incus 6.0.4');
  });

  it('falls back to the table, and says so, when a server that should publish its list does not', async () => {
    const warnings: string[] = [];
    const sources = new KeySources(
      () => Promise.resolve({ ...table, CONFIG_KEYS: METADATA }),
      (m) => warnings.push(m),
    );
    const keys = await sources.keysOf(server({ fetchKeys: () => Promise.reject(new Error('not found')) }));
    assert.equal(keys.find(['instance'], 'limits.memory')?.origin, 'table');
    assert.deepEqual(warnings, [
      'Incus 6.0.4 did not give its configuration keys (not found): the editors use the keys of the generated table.',
    ]);
  });
});
