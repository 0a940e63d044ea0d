import * as assert from 'node:assert/strict';
import { isAddress, parseRemoteAddress, readAddressOrToken, remoteNameProblem, suggestRemoteName } from '../../../src/remotes/address';

describe('remote addresses as a user types them', () => {
  const cases: [string, string][] = [
    ['server.example', 'https://server.example:8443'],
    ['server.example:9443', 'https://server.example:9443'],
    ['https://server.example', 'https://server.example:8443'],
    ['  https://127.0.0.1:8443/ ', 'https://127.0.0.1:8443'],
    ['HTTPS://Server.Example:8443', 'https://server.example:8443'],
    ['[::1]', 'https://[::1]:8443'],
    ['https://[fd00::1]:8444', 'https://[fd00::1]:8444'],
  ];
  for (const [input, url] of cases) {
    it(`reads "${input.trim()}" as ${url}`, () => {
      const parsed = parseRemoteAddress(input);
      assert.ok(isAddress(parsed), JSON.stringify(parsed));
      assert.equal(parsed.url, url);
    });
  }

  const refused: [string, RegExp][] = [
    ['', /Enter the address/],
    ['http://server.example', /over https:\/\/ \(got http:\/\/\)/],
    ['unix:///var/lib/lxd/unix.socket', /over https:\/\//],
    ['::1', /in brackets: \[::1\]:8443/],
    ['https://server.example:8443/1.0', /without a path/],
    ['https://admin:pw@server.example', /Leave the user and password out/],
    ['server example', /is not an address/],
  ];
  for (const [input, problem] of refused) {
    it(`refuses "${input}" and says why`, () => {
      const parsed = parseRemoteAddress(input);
      assert.ok(!isAddress(parsed), `accepted as ${JSON.stringify(parsed)}`);
      assert.match(parsed.problem, problem);
    });
  }
});

describe('remote names', () => {
  it('accepts what the CLIs accept and refuses the rest, and names already taken', () => {
    assert.equal(remoteNameProblem('prod-1.example_a'), undefined);
    assert.match(remoteNameProblem('') ?? '', /Give the remote a name/);
    for (const bad of ['-lead', 'with space', 'a:b', 'a/b']) {
      assert.match(remoteNameProblem(bad) ?? '', /letters, digits/, bad);
    }
    assert.match(remoteNameProblem('prod', ['prod']) ?? '', /already exists/);
  });

  it('suggests the host, then host-2, host-3 for names already taken', () => {
    assert.equal(suggestRemoteName('127.0.0.1', []), '127.0.0.1');
    assert.equal(suggestRemoteName('server.example', ['server.example', 'server.example-2']), 'server.example-3');
    assert.equal(suggestRemoteName('fd00::1', []), 'fd00-1');
  });
});

describe('the address box of Add Remote, given a trust token', () => {
  const FP = 'ab'.repeat(32);
  const token = (fields: Record<string, unknown>): string =>
    Buffer.from(JSON.stringify({ client_name: 'c', fingerprint: FP, addresses: ['127.0.0.1:8443'], secret: 's', ...fields })).toString(
      'base64',
    );

  it("takes a token's first address as the server's, and keeps the token", () => {
    const read = readAddressOrToken(`  ${token({ addresses: ['127.0.0.1:8444', '[::1]:8444'] })}\n`);
    assert.ok(isAddress(read), JSON.stringify(read));
    assert.equal(read.url, 'https://127.0.0.1:8444');
    assert.equal(read.token?.fingerprint, FP);
  });

  it('reads a plain address as an address, with no token', () => {
    const read = readAddressOrToken('127.0.0.1:8443');
    assert.ok(isAddress(read));
    assert.equal(read.token, undefined);
  });

  // Each is refused in the box itself: nothing is looked up or connected to.
  const refused: [string, string, RegExp][] = [
    ['a token without addresses', token({ addresses: [] }), /^This trust token lists no address: enter the server address first\.$/],
    [
      'a token whose address has a path',
      token({ addresses: ['127.0.0.1:8443/1.0'] }),
      /^The trust token's address "127\.0\.0\.1:8443\/1\.0": Give only the server address/,
    ],
    [
      'a token whose address is http://',
      token({ addresses: ['http://127.0.0.1:8443'] }),
      /^The trust token's address .*: Remote servers are reached over https:\/\/ \(got http:\/\/\)/,
    ],
    [
      'a token whose address is not one',
      token({ addresses: ['not an address'] }),
      /^The trust token's address "not an address": "not an address" is not an address/,
    ],
    ['a token whose address is empty', token({ addresses: [''] }), /^The trust token's address "": Enter the address of the server/],
    ['a damaged token (cut short)', token({}).slice(0, 40), /^This is not a trust token: it does not decode to JSON\./],
    [
      'a damaged token (a stray character)',
      `${token({}).slice(0, 20)}#${token({}).slice(20)}`,
      /^This is not a trust token: it is not base64 text\./,
    ],
    ['a token without its secret', token({ secret: undefined }), /^This is not a trust token: it lacks the secret\.$/],
    ['a token with a malformed fingerprint', token({ fingerprint: 'ab:cd' }), /^This trust token names no valid server certificate: /],
  ];
  for (const [what, text, message] of refused) {
    it(`refuses ${what}, saying why`, () => {
      const read = readAddressOrToken(text);
      assert.ok(!isAddress(read), `taken as ${JSON.stringify(read)}`);
      assert.match(read.problem, message);
    });
  }
});
