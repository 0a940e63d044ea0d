import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeclaredImageServer, imageSources } from '../../../src/imageServers/sources';

const images = (origin: string): DeclaredImageServer => ({
  name: 'images',
  origin,
  url: 'https://images.linuxcontainers.org',
  protocol: 'simplestreams',
});

describe('image servers: the sources a user has', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-sources-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists a server declared by lxc and by incus once, under its first name, naming both', async () => {
    const sources = await imageSources([images('lxc'), { ...images('incus'), url: 'https://images.linuxcontainers.org/' }]);
    assert.equal(sources.length, 1);
    assert.deepEqual(
      { name: sources[0].name, origin: sources[0].origin, server: sources[0].server },
      { name: 'images', origin: 'lxc, incus', server: { url: 'https://images.linuxcontainers.org', protocol: 'simplestreams' } },
    );
  });

  it("reads a self-signed server's certificate, and keeps the project only for an LXD or Incus server", async () => {
    fs.writeFileSync(path.join(dir, 'mine.crt'), 'PEM');
    const [mine, lxd] = await imageSources([
      {
        name: 'mine',
        origin: 'lxd.imageServers',
        url: 'https://127.0.0.1:8445/tree',
        protocol: 'simplestreams',
        certificatePath: path.join(dir, 'mine.crt'),
        project: 'ignored',
      },
      { name: 'office', origin: 'lxc', url: 'https://office:8443', protocol: 'lxd', project: 'shared' },
    ]);
    assert.deepEqual(mine.server, { url: 'https://127.0.0.1:8445/tree', protocol: 'simplestreams', certificate: 'PEM' });
    assert.deepEqual(lxd.server, { url: 'https://office:8443', protocol: 'lxd', project: 'shared' });
  });

  it('says why a server cannot be listed: an OCI registry, an address that is not https, a certificate that cannot be read', async () => {
    const problems = (
      await imageSources([
        { name: 'docker', origin: 'incus', url: 'https://docker.io', protocol: 'oci' },
        { name: 'plain', origin: 'lxd.imageServers', url: 'http://mirror', protocol: 'simplestreams' },
        {
          name: 'gone',
          origin: 'lxd.imageServers',
          url: 'https://mirror',
          protocol: 'simplestreams',
          certificatePath: path.join(dir, 'missing.crt'),
        },
      ])
    ).map((s) => [s.name, s.server, s.problem]);
    assert.deepEqual(
      problems.map(([name, server]) => [name, server]),
      [
        ['docker', undefined],
        ['plain', undefined],
        ['gone', undefined],
      ],
    );
    assert.match(String(problems[0][2]), /Its protocol is oci: LXD Explorer lists images of simplestreams, LXD and Incus image servers/);
    assert.match(String(problems[1][2]), /http:\/\/mirror is not an https:\/\/ URL/);
    assert.match(String(problems[2][2]), /missing\.crt cannot be read/);
  });
});
