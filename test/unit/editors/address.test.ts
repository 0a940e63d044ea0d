import * as assert from 'node:assert/strict';
import { ResourceAddress, formatResourceAddress, parseResourceAddress } from '../../../src/editors/address';
import { formatInstancePath } from '../../../src/files/uri';

describe('lxd-config: and lxd-info: document URIs', () => {
  const cases: Array<{ a: ResourceAddress; authority: string; path: string; query: string }> = [
    {
      a: { connectionId: 'local:lxd', project: 'default', kind: 'instance', name: 'c1' },
      authority: 'local~3alxd',
      path: '/default/instance/c1.yaml',
      query: '',
    },
    {
      a: { connectionId: 'setting:My Server', project: 'p', kind: 'profile', name: 'web' },
      authority: 'setting~3aMy~20Server',
      path: '/p/profile/web.yaml',
      query: '',
    },
    {
      a: { connectionId: 'local:incus', project: 'default', kind: 'volume', name: 'pool1/custom/data' },
      authority: 'local~3aincus',
      path: '/default/volume/pool1/custom/data.yaml',
      query: 'n=3',
    },
    {
      a: { connectionId: 'local:lxd', project: 'default', kind: 'instance', name: 'c1', view: 'log:lxc.log' },
      authority: 'local~3alxd',
      path: '/default/instance/c1.lxc.log',
      query: 'v=log%3Alxc.log',
    },
    {
      a: { connectionId: 'local:lxd', project: 'default', kind: 'instance', name: 'c1', view: 'console-log' },
      authority: 'local~3alxd',
      path: '/default/instance/c1.console.log',
      query: 'v=console-log',
    },
  ];
  for (const { a, authority, path, query } of cases) {
    it(`writes ${a.kind} ${a.name}${a.view ? ` (${a.view})` : ''} of ${a.connectionId} with the connection in the authority, and reads it back`, () => {
      assert.deepEqual(formatResourceAddress(a), { authority, path, query });
      assert.deepEqual(parseResourceAddress({ authority, path, query }), { ...a, view: a.view });
    });
  }

  it('encodes the connection exactly as lxd: file URIs do', () => {
    for (const connectionId of ['local:lxd', 'setting:a b/c', 'added:café']) {
      assert.equal(
        formatResourceAddress({ connectionId, project: 'default', kind: 'instance', name: 'c1' }).authority,
        formatInstancePath({ connectionId, project: 'default', instance: 'c1', path: '/' }).authority,
      );
    }
  });

  it('still reads the URIs of editors opened before the connection moved to the authority', () => {
    assert.deepEqual(parseResourceAddress({ authority: '', path: '/setting:lxd/default/instance/c1.yaml', query: '' }), {
      connectionId: 'setting:lxd',
      project: 'default',
      kind: 'instance',
      name: 'c1',
      view: undefined,
    });
    assert.deepEqual(parseResourceAddress({ authority: '', path: '/local:lxd/default/volume/pool1/custom/data.yaml', query: 'n=3' }), {
      connectionId: 'local:lxd',
      project: 'default',
      kind: 'volume',
      name: 'pool1/custom/data',
      view: undefined,
    });
    assert.deepEqual(
      parseResourceAddress({ authority: '', path: '/a%2Fb/default/profile/web.yaml', query: 'v=server' }).connectionId,
      'a/b',
    );
  });

  it('refuses what it never writes', () => {
    assert.throws(() => parseResourceAddress({ authority: 'local~3alxd', path: '/default/c1.yaml', query: '' }));
    assert.throws(() => parseResourceAddress({ authority: 'local:lxd', path: '/default/instance/c1.yaml', query: '' }));
    assert.throws(() => parseResourceAddress({ authority: '', path: '/default/instance.yaml', query: '' }));
    assert.throws(() => parseResourceAddress({ authority: 'local~3alxd', path: '/default/instance/c1.yaml', query: 'n=0' }));
  });

  // Names no object can have never reach a request path (`/1.0/instances/..`).
  const badNames: [string, string, RegExp][] = [
    ['an instance named ..', '/default/instance/...yaml', /Not a valid instance name: "\.\." \("\.\." names a folder, not an object\)/],
    ['an instance named .', '/default/instance/..yaml', /Not a valid instance name: "\."/],
    ['a project named ..', '/../profile/web.yaml', /Not a valid project name: "\.\."/],
    ['an empty project', '//profile/web.yaml', /Not a valid project name: "" \(it is empty\)/],
    ['a name with NUL', '/default/instance/a%00b.yaml', /Not a valid instance name: "a\\u0000b" \(it holds a control character\)/],
    ['a name with CR LF', '/default/profile/a%0D%0Ab.yaml', /Not a valid profile name: "a\\r\\nb" \(it holds a control character\)/],
    ['a volume whose type is ..', '/default/volume/pool1/../data.yaml', /Not a valid volume name: "\.\."/],
    ['a volume with an empty name', '/default/volume/pool1/custom/.yaml', /Not a valid volume name: "" \(it is empty\)/],
    [
      'an instance name of 4 KB',
      `/default/instance/${'a'.repeat(4096)}.yaml`,
      /Not a valid instance name: "a{32}…" \(it is 4096 bytes long; no name is longer than 255\)/,
    ],
    ['a project name of 4 KB', `/${'p'.repeat(4096)}/profile/web.yaml`, /Not a valid project name: "p{32}…" \(it is 4096 bytes long; /],
    [
      'a volume name of 4 KB',
      `/default/volume/pool1/custom/${'v'.repeat(4096)}.yaml`,
      /Not a valid volume name: "v{32}…" \(it is 4096 bytes long; /,
    ],
  ];
  for (const [what, path, message] of badNames) {
    it(`refuses ${what}, saying why`, () => {
      const n = path.includes('/volume/') ? 'n=3' : '';
      assert.throws(() => parseResourceAddress({ authority: 'local~3alxd', path, query: n }), message);
    });
  }
});
