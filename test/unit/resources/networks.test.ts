import * as assert from 'node:assert/strict';
import { addressProblem, networkNameProblem, parseCidr } from '../../../src/commands/networks/_validate';

describe('Network names and addresses, checked before LXD sees them', () => {
  const names: [name: string, type: string, accepted: boolean][] = [
    ['lxdbr1', 'bridge', true],
    ['br-lan_2.x', 'bridge', true],
    ['lxdx-abcdefghij', 'bridge', true], // 15 characters: the kernel's limit
    ['lxdx-abcdefghijk', 'bridge', false], // 16
    ['b', 'bridge', false],
    ['br 0', 'bridge', false],
    ['br/0', 'bridge', false],
    ['br:0', 'bridge', false],
    ['', 'bridge', false],
    ['a-macvlan-network-with-a-long-name', 'macvlan', true], // no interface of its own
    ['lan:1', 'macvlan', false],
    ['..', 'ovn', false],
  ];
  for (const [name, type, accepted] of names) {
    it(`${accepted ? 'accepts' : 'refuses'} "${name}" for a ${type} network`, () =>
      assert.equal(networkNameProblem(name, type, []) === undefined, accepted));
  }

  it('refuses a name that another network already has', () =>
    assert.match(networkNameProblem('lxdbr0', 'bridge', ['lxdbr0']) ?? '', /already exists/));
  it('says why a bridge name is too long, with its length', () =>
    assert.match(networkNameProblem('lxdx-abcdefghijk', 'bridge', []) ?? '', /at most 15 characters.*has 16/));

  const v4: [value: string, accepted: boolean][] = [
    ['auto', true],
    ['none', true],
    ['10.10.10.1/24', true],
    ['192.168.7.129/25', true],
    ['10.10.10.0/24', false], // the subnet's network address
    ['10.10.10.1', false], // no prefix length
    ['10.10.10.1/33', false],
    ['10.10.10.1/0', false],
    ['10.10.300.1/24', false],
    ['10.010.10.1/24', false], // leading zero: Go refuses it
    ['fd42::1/64', false], // wrong family
    ['Auto', false],
    ['', false],
  ];
  for (const [value, accepted] of v4) {
    it(`${accepted ? 'accepts' : 'refuses'} ipv4.address "${value}"`, () => assert.equal(addressProblem(value, 4) === undefined, accepted));
  }

  const v6: [value: string, accepted: boolean][] = [
    ['auto', true],
    ['none', true],
    ['fd42:1:2:3::1/64', true],
    ['fd42:0:0:0:0:0:0:1/64', true],
    ['::ffff:10.0.0.1/120', false], // IPv4-mapped: Go reads it as IPv4
    ['2001:db8:0:1::a/64', true],
    ['fd42:1:2:3::/64', false], // the subnet's network address
    ['fd42:1:2:3::1', false],
    ['fd42::1::2/64', false],
    ['fd42:1:2:3:4:5:6:7:8/64', false],
    ['fd42:12345::1/64', false],
    ['fd42::1/129', false],
    ['10.10.10.1/24', false],
  ];
  for (const [value, accepted] of v6) {
    it(`${accepted ? 'accepts' : 'refuses'} ipv6.address "${value}"`, () => assert.equal(addressProblem(value, 6) === undefined, accepted));
  }

  it('reads an IPv6 address with a compressed middle and an IPv4 tail', () => {
    assert.deepEqual(parseCidr('fd42::a:1/64', 6), { bytes: [0xfd, 0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a, 0, 1], prefix: 64 });
    assert.deepEqual(parseCidr('::ffff:1.2.3.4/96', 6)?.bytes.slice(10), [0xff, 0xff, 1, 2, 3, 4]);
  });

  it('names both choices and gives an example when the value is not an address', () => {
    assert.match(addressProblem('bogus', 4) ?? '', /"auto", "none", or an IPv4 address.*10\.10\.10\.1\/24/);
    assert.match(addressProblem('bogus', 6) ?? '', /IPv6 address/);
  });
});
