import * as assert from 'node:assert/strict';
import { InstanceBuilder, instanceNameProblem } from '../../../src/client';

/**
 * What LXD 5.0.2 and Incus 6.0.4 answered when asked to create these instances (checked once
 * against both daemons with `POST /1.0/instances`): the client refuses only what they refuse.
 */
const DAEMONS: { name: string; lxd: boolean; incus: boolean }[] = [
  { name: 'web', lxd: true, incus: true },
  { name: 'a', lxd: true, incus: true },
  { name: 'LXDX-Upper', lxd: true, incus: true },
  { name: 'lxdx--double', lxd: true, incus: true },
  { name: 'x'.repeat(63), lxd: true, incus: true },
  { name: '1lxdx', lxd: false, incus: true },
  { name: '0x1f', lxd: false, incus: true },
  { name: '1e5', lxd: false, incus: true },
  { name: '12345', lxd: false, incus: false },
  { name: 'x'.repeat(64), lxd: false, incus: false },
  { name: '-lxdx', lxd: false, incus: false },
  { name: 'lxdx-', lxd: false, incus: false },
  { name: 'lxdx_x', lxd: false, incus: false },
  { name: 'lxdx.x', lxd: false, incus: false },
  { name: 'lxdx x', lxd: false, incus: false },
  { name: 'lxdx-é', lxd: false, incus: false },
  { name: 'lxdx/x', lxd: false, incus: false },
  { name: '', lxd: false, incus: false },
];

describe('client: instance names', () => {
  for (const { name, lxd, incus } of DAEMONS) {
    it(`${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name)}: ${lxd ? 'LXD accepts' : 'LXD refuses'}, ${incus ? 'Incus accepts' : 'Incus refuses'}`, () => {
      assert.equal(instanceNameProblem(name, 'lxd') === undefined, lxd, 'for LXD');
      assert.equal(instanceNameProblem(name, 'incus') === undefined, incus, 'for Incus');
      assert.equal(instanceNameProblem(name) === undefined, lxd || incus, 'for a server not known yet: only what both refuse');
    });
  }

  it('says why a name is refused', () => {
    assert.match(instanceNameProblem('x'.repeat(64))!, /at most 63 characters/);
    assert.match(instanceNameProblem('a_b')!, /letters, digits and hyphens/);
    assert.match(instanceNameProblem('-a')!, /hyphen/);
    assert.match(instanceNameProblem('42')!, /number/);
    assert.match(instanceNameProblem('1a', 'lxd')!, /start with a letter/);
  });

  it('refuses a bad name when the builder is made, before any request', () => {
    assert.throws(() => new InstanceBuilder('a_b'), TypeError);
    assert.doesNotThrow(() => new InstanceBuilder('1web'));
  });

  it('builds the request body of a new instance', () => {
    const body = new InstanceBuilder('web')
      .image({ alias: 'debian/12' })
      .vm()
      .profiles('default', 'big')
      .config({ 'limits.cpu': '2' })
      .config({ 'limits.memory': '2GiB' })
      .device('data', { type: 'disk', source: '/srv', path: '/srv' })
      .description('made in a test')
      .build();
    assert.deepEqual(body, {
      name: 'web',
      type: 'virtual-machine',
      source: { type: 'image', alias: 'debian/12' },
      profiles: ['default', 'big'],
      config: { 'limits.cpu': '2', 'limits.memory': '2GiB' },
      devices: { data: { type: 'disk', source: '/srv', path: '/srv' } },
      description: 'made in a test',
    });
  });

  it('pulls a remote image with the server and protocol, and refuses a device without a type', () => {
    const body = new InstanceBuilder('web')
      .image({ server: 'https://images.example', protocol: 'simplestreams', alias: 'debian/12' })
      .build();
    assert.deepEqual(body.source, {
      type: 'image',
      server: 'https://images.example',
      protocol: 'simplestreams',
      mode: 'pull',
      alias: 'debian/12',
    });
    assert.throws(() => new InstanceBuilder('web').device('d', { path: '/x' }), TypeError);
  });

  it('hands out a copy: building twice, or changing the result, does not change the builder', () => {
    const builder = new InstanceBuilder('web').config({ a: '1' });
    const first = builder.build();
    first.config!.a = 'changed';
    assert.equal(builder.build().config!.a, '1');
  });
});
