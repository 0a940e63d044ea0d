import * as assert from 'node:assert/strict';
import { decodeAuthority, encodeAuthority } from '../../../src/connections/authority';
import { formatInstancePath, normalizePath, parseInstancePath } from '../../../src/files/uri';

describe('lxd: file URIs', () => {
  const cases: Array<{ id: string; authority: string }> = [
    { id: 'local:lxd', authority: 'local~3alxd' },
    { id: 'local:incus', authority: 'local~3aincus' },
    { id: 'setting:My Server/2', authority: 'setting~3aMy~20Server~2f2' },
    { id: 'lxc:remote.example_1-a', authority: 'lxc~3aremote.example_1-a' },
    { id: 'added:café', authority: 'added~3acaf~c3~a9' },
    { id: 'odd~id%3A', authority: 'odd~7eid~253A' },
  ];
  for (const { id, authority } of cases) {
    it(`writes the connection ${JSON.stringify(id)} as an authority without ':' and reads it back`, () => {
      assert.equal(encodeAuthority(id), authority);
      assert.match(authority, /^[A-Za-z0-9._~-]+$/);
      assert.equal(decodeAuthority(authority), id);
    });
  }

  it('reads upper-case escapes too, and refuses what it never writes', () => {
    assert.equal(decodeAuthority('local~3Alxd'), 'local:lxd');
    assert.throws(() => decodeAuthority('local:lxd'));
    assert.throws(() => decodeAuthority('bad~4'));
  });

  it('puts project and instance first in the path, then the path inside the instance', () => {
    assert.deepEqual(formatInstancePath({ connectionId: 'local:lxd', project: 'default', instance: 'c1', path: '/etc/hosts' }), {
      authority: 'local~3alxd',
      path: '/default/c1/etc/hosts',
    });
    assert.deepEqual(formatInstancePath({ connectionId: 'local:lxd', project: 'p', instance: 'c1', path: '/' }), {
      authority: 'local~3alxd',
      path: '/p/c1',
    });
  });

  it('parses the instance root with or without a trailing slash', () => {
    for (const p of ['/default/c1', '/default/c1/']) {
      assert.deepEqual(parseInstancePath('local~3alxd', p), { connectionId: 'local:lxd', project: 'default', instance: 'c1', path: '/' });
    }
  });

  it('round-trips paths with spaces, unicode, # and ? (VS Code encodes them when printing)', () => {
    const p = { connectionId: 'setting:a b', project: 'lxdx-test', instance: 'lxdx-c', path: '/tmp/a b/ü#?.txt' };
    const f = formatInstancePath(p);
    assert.deepEqual(parseInstancePath(f.authority, f.path), p);
  });

  it('refuses URIs without project and instance', () => {
    assert.throws(() => parseInstancePath('local~3alxd', '/default'));
    assert.throws(() => parseInstancePath('local~3alxd', '/'));
    assert.throws(() => parseInstancePath('', '/default/c1/etc'));
  });

  const refused: Array<[string, RegExp]> = [
    ['/./c1/etc', /^Error: Not a valid project name: "\." \("\." names a folder, not an object\)\.$/],
    ['/../c1/etc', /^Error: Not a valid project name: "\.\." /],
    ['/default/./etc', /^Error: Not a valid instance name: "\." /],
    ['/default/../etc', /^Error: Not a valid instance name: "\.\." /],
    ['/default/', /^Error: Not a valid instance name: "" \(it is empty\)\.$/],
    ['//c1/etc', /^Error: Not a valid project name: "" \(it is empty\)\.$/],
    ['/def\0ault/c1', /^Error: Not a valid project name: "def\\u0000ault" \(it holds a control character\)\.$/],
    ['/default/c1\r\n/etc', /^Error: Not a valid instance name: "c1\\r\\n" \(it holds a control character\)\.$/],
    ['/default/c\n1', /^Error: Not a valid instance name: /],
    ['/default/c1/etc/../root/.ssh', /^Error: Not a valid path inside c1: "\/etc\/\.\.\/root\/\.ssh" \(it holds a "\.\." segment\)\.$/],
    ['/default/c1/..', /^Error: Not a valid path inside c1: .*"\.\." segment/],
    ['/default/c1/etc/hosts\0.bak', /^Error: Not a valid path inside c1: .*\(it holds a NUL\)\.$/],
    [`/${'p'.repeat(4096)}/c1/etc`, /^Error: Not a valid project name: "p{32}…" \(it is 4096 bytes long; no name is longer than 255\)\.$/],
    [`/default/${'c'.repeat(4096)}`, /^Error: Not a valid instance name: "c{32}…" \(it is 4096 bytes long; /],
    [
      `/default/c1/etc/${'f'.repeat(4096)}`,
      /^Error: Not a valid path inside c1: "\/etc\/f{27}…" \(a name in it is 4096 bytes long; Linux takes at most 255\)\.$/,
    ],
    [`/default/c1/${'é'.repeat(128)}`, /\(a name in it is 256 bytes long; /],
  ];
  for (const [path, message] of refused) {
    it(`refuses ${JSON.stringify(path)} with a clear error`, () => {
      assert.throws(() => parseInstancePath('local~3alxd', path), message);
    });
  }

  it('accepts a file name of 255 bytes, the longest Linux takes', () => {
    assert.equal(parseInstancePath('local~3alxd', `/default/c1/${'f'.repeat(255)}`).path, `/${'f'.repeat(255)}`);
  });

  it('accepts what only looks odd: dots inside names and paths, and "..." as a file name', () => {
    assert.equal(parseInstancePath('local~3alxd', '/my.project/c.1/etc/.hidden/...').path, '/etc/.hidden/...');
    assert.equal(parseInstancePath('local~3alxd', '/default/c1/a//b/./c').path, '/a/b/c');
  });

  it('normalises paths and never climbs above /', () => {
    assert.equal(normalizePath('/a//b/./c/'), '/a/b/c');
    assert.equal(normalizePath('/../../etc'), '/etc');
    assert.equal(normalizePath(''), '/');
  });
});
