import * as assert from 'node:assert/strict';
import type { Instance, InstanceState } from '../../../src/generated';
import { ipv4Addresses } from '../../../src/views/instances/addresses';
import { rowInstance, rowState } from '../../../src/views/instances/model';
import { rowSignature } from '../../../src/views/instances/staleness';

const full: Instance = {
  name: 'web',
  project: 'p',
  status: 'Running',
  type: 'container',
  location: 'member1',
  description: 'front end',
  created_at: '2024-01-01T00:00:00Z',
  last_used_at: '2024-02-01T00:00:00Z',
  profiles: ['default', 'web'],
  config: {
    'image.description': 'Debian 12',
    'image.os': 'debian',
    'volatile.eth0.hwaddr': '00:16:3e:00:00:01',
    'volatile.idmap.base': '0',
  },
  expanded_config: { 'image.os': 'debian', 'limits.memory': '1GiB' },
  devices: { root: { path: '/', pool: 'default', type: 'disk' } },
  expanded_devices: { root: { path: '/', pool: 'default', type: 'disk' } },
  architecture: 'x86_64',
  ephemeral: false,
  stateful: false,
};

const state = {
  status: 'Running',
  processes: 12,
  memory: { usage: 1024, usage_peak: 2048 },
  cpu: { usage: 123456 },
  network: {
    eth0: {
      addresses: [{ family: 'inet', address: '10.0.0.2', scope: 'global', netmask: '24' }],
      counters: { bytes_received: 1 },
      hwaddr: 'x',
      mtu: 1500,
      state: 'up',
      type: 'broadcast',
    },
  },
} as unknown as InstanceState;

describe('What an instance row keeps of an instance (views/instances/model.ts)', () => {
  it('keeps what the row, its tooltip and its menus show', () => {
    const row = rowInstance(full);
    for (const k of ['name', 'project', 'status', 'type', 'location', 'description', 'created_at', 'last_used_at', 'profiles'] as const) {
      assert.deepEqual(row[k], full[k], k);
    }
    assert.deepEqual(row.config, { 'image.description': 'Debian 12', 'image.os': 'debian' });
  });

  it('drops the expanded config and devices other than proxies, so whoever needs them reads the instance again', () => {
    const row = rowInstance(full);
    assert.equal(row.expanded_config, undefined);
    assert.deepEqual(row.devices, {});
    assert.equal(row.expanded_devices, undefined);
  });

  it('keeps proxy devices: they are rows under the instance', () => {
    const web = { type: 'proxy', listen: 'tcp:127.0.0.1:8080', connect: 'tcp:127.0.0.1:80' };
    const row = rowInstance({ ...full, devices: { ...full.devices, web } });
    assert.deepEqual(row.devices, { web });
  });

  it('draws the same row from what it keeps as from the whole instance', () => {
    assert.equal(rowSignature(rowInstance(full), rowState(state)), rowSignature(full, state));
  });

  it("keeps an instance state's addresses, memory use and process count only", () => {
    const kept = rowState(state);
    assert.deepEqual(ipv4Addresses(kept), ['10.0.0.2']);
    assert.equal(kept.memory?.usage, 1024);
    assert.equal(kept.processes, 12);
    assert.equal(kept.cpu, undefined);
    assert.equal((kept.network?.eth0 as { counters?: unknown }).counters, undefined);
  });
});
