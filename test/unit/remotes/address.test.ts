import * as assert from 'node:assert/strict';
import { isAddress, parseRemoteAddress, remoteNameProblem, suggestRemoteName } from '../../../src/remotes/address';

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
