import * as assert from 'node:assert/strict';
import { Subject } from '../../../../src/editors/configKeys/areas';
import { suggest } from '../../../../src/editors/configKeys/complete';
import { ConfigKeys } from '../../../../src/editors/configKeys/keys';
import { spotAt } from '../../../../src/editors/configKeys/spot';
import { NEWER_METADATA, cursor, incusKeys, tableKeys } from './fixtures';

function suggestions(
  textWithBar: string,
  keys: ConfigKeys = incusKeys(),
  subject: Subject = { kind: 'instance' },
): ReturnType<typeof suggest> {
  const { text, offset } = cursor(textWithBar);
  const spot = spotAt(text, offset);
  assert.ok(spot, 'a spot for completion');
  return suggest(spot, keys, subject);
}

const labels = (s: ReturnType<typeof suggest>): string[] => s.map((x) => x.label).sort();

describe('config keys: completion', () => {
  it('offers the instance keys under config: of an instance, not those already there, the volatile ones nor former names', () => {
    const s = suggestions('config:\n  limits.cpu.priority: "5"\n  |\n');
    assert.deepEqual(
      labels(s),
      ['boot.autostart', 'environment.*', 'limits.kernel.nofile', 'limits.memory', 'security.guestapi', 'security.syscalls.deny', 'user.*']
        .concat(['image.*', 'limits.kernel.*'])
        .sort(),
    );
  });

  it('inserts the key with a value to fill: a choice for a boolean, a name for a pattern', () => {
    const s = suggestions('config:\n  boo|\n');
    const byLabel = new Map(s.map((x) => [x.label, x]));
    assert.equal(byLabel.get('boot.autostart')?.insert, 'boot.autostart: ${1|true,false|}');
    assert.equal(byLabel.get('limits.memory')?.insert, 'limits.memory: $1');
    assert.equal(byLabel.get('user.*')?.insert, 'user.${1:name}: $2');
    assert.equal(byLabel.get('limits.memory')?.description, 'string');
    assert.match(byLabel.get('limits.memory')?.documentation ?? '', /Usage limit for the host's memory/);
    const { text } = cursor('config:\n  boo|\n');
    assert.equal(text.slice(s[0].start, s[0].end), 'boo', 'replaces what was typed');
  });

  it('removes the {} of config: {} with the first key', () => {
    const { text } = cursor('config: {}\n  |\n');
    const s = suggestions('config: {}\n  |\n');
    assert.equal(text.slice(s[0].remove!.start, s[0].remove!.end), ' {}');
  });

  it('marks the keys of the generated table as not advertised by a server that publishes none', () => {
    const s = suggestions('config:\n  |\n', tableKeys('lxd'));
    const memory = s.find((x) => x.label === 'limits.memory');
    assert.equal(memory?.description, 'string · not advertised by this server');
    assert.match(memory?.documentation ?? '', /Not advertised by this server: LXD 5\.0\.2 publishes no key list, this is Incus 6\.0\.4's/);
    assert.ok(
      s.some((x) => x.label === 'security.devlxd'),
      "LXD's own name is offered on LXD",
    );
    assert.ok(!suggestions('config:\n  |\n', incusKeys()).some((x) => x.label === 'security.devlxd'), 'and not on Incus');
  });

  it('offers project keys in a project, with a placeholder for POOL_NAME', () => {
    const s = suggestions('config:\n  |\n', incusKeys(), { kind: 'project' });
    assert.deepEqual(labels(s), ['features.images', 'limits.disk.pool.POOL_NAME']);
    assert.equal(s.find((x) => x.label.startsWith('limits'))?.insert, 'limits.disk.pool.${1:POOL_NAME}: $2');
  });

  it("offers a device's properties by its type, and its type first when it has none", () => {
    assert.deepEqual(labels(suggestions('devices:\n  data:\n    type: disk\n    path: /mnt\n    |\n')), ['pool', 'readonly', 'source']);
    assert.deepEqual(labels(suggestions('devices:\n  tty:\n    type: unix-char\n    |\n')), ['mode', 'path']);
    const typeFirst = suggestions('devices:\n  data:\n    |\n');
    assert.deepEqual(labels(typeFirst), ['type']);
    assert.match(typeFirst[0].insert, /^type: \$\{1\|disk,nic,/);
  });

  it('offers NIC properties by nictype, or every variant for a NIC given by its network, where the server lists them', () => {
    const newer = incusKeys(NEWER_METADATA);
    assert.deepEqual(labels(suggestions('devices:\n  eth0:\n    type: nic\n    nictype: macvlan\n    |\n', newer)), ['parent', 'vlan']);
    assert.deepEqual(labels(suggestions('devices:\n  eth0:\n    type: nic\n    network: br0\n    |\n', newer)), ['mtu', 'parent', 'vlan']);
    assert.deepEqual(
      labels(suggestions('devices:\n  eth0:\n    type: nic\n    |\n', incusKeys())),
      [],
      'Incus 6.0.4 lists no NIC properties',
    );
  });

  it('offers network, pool and volume keys by network type and pool driver where the server lists them', () => {
    const newer = incusKeys(NEWER_METADATA);
    assert.deepEqual(labels(suggestions('config:\n  |\n', newer, { kind: 'network', type: 'bridge' })), ['ipv4.nat', 'user.*']);
    assert.deepEqual(labels(suggestions('config:\n  |\n', newer, { kind: 'pool', driver: 'zfs' })), ['zfs.pool_name']);
    assert.deepEqual(labels(suggestions('config:\n  |\n', newer, { kind: 'volume', driver: 'zfs' })), ['zfs.blocksize']);
    assert.deepEqual(labels(suggestions('config:\n  |\n', incusKeys(), { kind: 'network', type: 'bridge' })), []);
  });

  it('offers true and false for the value of a boolean key, and the device types for type', () => {
    assert.deepEqual(labels(suggestions('config:\n  boot.autostart: |\n')), ['false', 'true']);
    assert.deepEqual(labels(suggestions('config:\n  limits.memory: |\n')), []);
    assert.ok(labels(suggestions('devices:\n  d:\n    type: |\n')).includes('unix-char'));
  });
});
