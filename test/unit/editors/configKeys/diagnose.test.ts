import * as assert from 'node:assert/strict';
import { Subject } from '../../../../src/editors/configKeys/areas';
import { Problem, diagnose } from '../../../../src/editors/configKeys/diagnose';
import { readConfigDocument } from '../../../../src/editors/configKeys/document';
import { ConfigKeys } from '../../../../src/editors/configKeys/keys';
import { NEWER_METADATA, incusKeys, tableKeys } from './fixtures';

/** The problems of a document, each with the text it points at. */
function problems(text: string, keys: ConfigKeys = incusKeys(), subject: Subject = { kind: 'instance' }): (Problem & { at: string })[] {
  return diagnose(readConfigDocument(text), keys, subject).map((p) => ({ ...p, at: text.slice(p.start, p.end) }));
}

describe('config keys: checks before save', () => {
  it('finds nothing wrong with known keys, user keys, patterns and values of the right type', () => {
    const text = [
      'config:',
      '  boot.autostart: true',
      '  security.guestapi: "yes"',
      '  limits.cpu.priority: 5',
      "  limits.memory: '2GiB'",
      '  user.foo: bar',
      '  environment.HOME: /root',
      '  volatile.eth0.hwaddr: 00:16:3e:00:00:01',
      '  image.os: Debian',
      '  limits.kernel.nproc: 100',
      '  boot.autostart.delay:',
      'devices:',
      '  root:',
      '    path: /',
      '    pool: default',
      '    type: disk',
      '    readonly: "off"',
      '',
    ].join('\n');
    // boot.autostart.delay is not in the fixture: a warning, the only problem.
    assert.deepEqual(
      problems(text).map((p) => [p.severity, p.at]),
      [['warning', 'boot.autostart.delay']],
    );
  });

  it('flags a boolean key given maybe and an integer key given ten as errors, on the value', () => {
    const found = problems('config:\n  boot.autostart: maybe\n  limits.cpu.priority: ten\n  limits.memory: 1GiB\n');
    assert.deepEqual(
      found.map((p) => [p.severity, p.at, p.message]),
      [
        ['error', 'maybe', '"boot.autostart" is a boolean: true or false (yes/no, on/off and 1/0 also do), not "maybe".'],
        ['error', 'ten', '"limits.cpu.priority" is an integer, not "ten".'],
      ],
    );
  });

  it('reads a value as written: 1.0 is no integer, "5" and +5 are', () => {
    assert.deepEqual(
      problems('config:\n  limits.cpu.priority: 1.0\n').map((p) => p.at),
      ['1.0'],
    );
    assert.deepEqual(problems('config:\n  limits.cpu.priority: "5"\n'), []);
    assert.deepEqual(problems('config:\n  limits.cpu.priority: +5\n'), []);
  });

  it('warns about an unknown key, on the key, saying which list does not have it', () => {
    const [p] = problems('config:\n  foo.bar: "1"\n  user.foo: x\n');
    assert.equal(p.severity, 'warning');
    assert.equal(p.at, 'foo.bar');
    assert.equal(p.message, 'Unknown key "foo.bar" for an instance: Incus 6.0.4 does not list it (the server decides when you save).');
    const [lxd] = problems('config:\n  foo.bar: "1"\n', tableKeys('lxd'));
    assert.equal(
      lxd.message,
      `Unknown key "foo.bar" for an instance: it is not in Incus 6.0.4's key list (LXD 5.0.2 publishes none; the server decides when you save).`,
    );
  });

  it("knows LXD's own names on LXD, and flags them on Incus, which refuses them", () => {
    assert.deepEqual(problems('config:\n  security.devlxd: "true"\n  limits.network.priority: "3"\n', tableKeys('lxd')), []);
    assert.deepEqual(
      problems('config:\n  security.devlxd: "true"\n', incusKeys()).map((p) => p.at),
      ['security.devlxd'],
    );
    assert.deepEqual(
      problems('config:\n  security.devlxd: maybe\n', tableKeys('lxd')).map((p) => [p.severity, p.at]),
      [['error', 'maybe']],
      'with the type of the key it stands for',
    );
  });

  it('accepts former names the servers still take', () => {
    assert.deepEqual(
      problems('config:\n  security.syscalls.blacklist: x\n  volatile.cloud-init.instance-id: 6e9a0c8e-5d3c-4b8a-9a36-0c5b2f3e4d11\n'),
      [],
    );
  });

  it('checks device properties by the device type: unknown ones warned, wrong types refused, a missing type refused', () => {
    const found = problems(
      'devices:\n  data:\n    type: disk\n    bogus: x\n    readonly: maybe\n  tty:\n    type: unix-char\n    mode: rw\n  notype:\n    path: /x\n',
    );
    assert.deepEqual(
      found.map((p) => [p.severity, p.at]),
      [
        ['warning', 'bogus'],
        ['error', 'maybe'],
        ['error', 'rw'],
        ['error', 'notype'],
      ],
    );
    assert.equal(
      found[0].message,
      'Unknown key "bogus" for a disk device: Incus 6.0.4 does not list it (the server decides when you save).',
    );
  });

  it('judges no key where no list covers it: a NIC, a network, a pool on Incus 6.0.4', () => {
    assert.deepEqual(problems('devices:\n  eth0:\n    type: nic\n    bogus: x\n'), []);
    assert.deepEqual(problems('config:\n  bogus: x\n', incusKeys(), { kind: 'network', type: 'bridge' }), []);
    assert.deepEqual(problems('config:\n  bogus: x\n', incusKeys(), { kind: 'pool', driver: 'dir' }), []);
    assert.deepEqual(problems('config:\n  bogus: x\n', incusKeys(), { kind: 'network' }), [], 'a network whose type could not be read');
  });

  it('judges network and pool keys, and NIC properties by nictype, where the server lists them', () => {
    const newer = incusKeys(NEWER_METADATA);
    assert.deepEqual(
      problems('config:\n  bogus: x\n  ipv4.nat: maybe\n', newer, { kind: 'network', type: 'bridge' }).map((p) => p.at),
      ['bogus', 'maybe'],
    );
    assert.equal(
      problems('config:\n  bogus: x\n', newer, { kind: 'pool', driver: 'zfs' })[0].message,
      'Unknown key "bogus" for a zfs storage pool: Incus 6.0.4 does not list it (the server decides when you save).',
    );
    assert.deepEqual(
      problems('devices:\n  eth0:\n    type: nic\n    nictype: bridged\n    vlan: "5"\n', newer).map((p) => p.at),
      ['vlan'],
    );
    assert.deepEqual(
      problems('devices:\n  eth0:\n    type: nic\n    network: br0\n    bogus: x\n', newer),
      [],
      'no verdict without a nictype',
    );
  });

  it('refuses a list or mapping as a value', () => {
    const [p] = problems('config:\n  user.a:\n    - x\n');
    assert.equal(p.severity, 'error');
    assert.equal(p.message, '"user.a" must be a single value, not a list or mapping.');
  });

  it('shows only the YAML error while the document is not valid YAML', () => {
    const found = problems('config:\n  boot.autostart: maybe\n  limits.me\n');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'error');
    assert.match(found[0].message, /^Invalid YAML: /);
  });
});
