import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CliRemotes,
  RemoteConfigError,
  cliEditProblem,
  pinCliRemote,
  readCliRemotes,
  removeCliRemote,
  renameCliRemote,
} from '../../../src/client';
import { cliRemoteSpecs } from '../../../src/remotes/specs';

const CONFIG = `# Written by hand: keep this comment
default-remote: prod
remotes:
  images:
    addr: https://images.linuxcontainers.org
    protocol: simplestreams
    public: true
  local:
    addr: unix://
    public: false
  # the production cluster
  prod:
    addr: https://prod.example:8443
    project: web
    protocol: lxd
    public: false
  staging:
    addr: https://staging.example:8443
    protocol: lxd
    public: false # staging, not backed up
aliases:
  ls: list -c ns
`;

const roots: string[] = [];
after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

/** A `lxc` directory with CONFIG, a client certificate and pinned server certificates. */
async function lxcDir(): Promise<{ dir: string; read: () => Promise<CliRemotes> }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-cliconfig-'));
  roots.push(root);
  const dir = path.join(root, 'lxc');
  fs.mkdirSync(path.join(dir, 'servercerts'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.yml'), CONFIG);
  for (const f of ['client.crt', 'client.key', 'servercerts/prod.crt', 'servercerts/staging.crt']) {
    fs.writeFileSync(path.join(dir, f), `${f}\n`);
  }
  const read = (): Promise<CliRemotes> =>
    readCliRemotes({ cli: 'lxc', dir, origin: 'test', globalDir: path.join(root, 'no-global') }, { env: {} });
  return { dir, read };
}

const remoteOf = async (read: () => Promise<CliRemotes>, name: string) => {
  const r = (await read()).remotes.find((x) => x.name === name);
  assert.ok(r, name);
  return r;
};

describe("editing a CLI's remotes", () => {
  it('renames a remote in place, keeping comments, order and the other keys, and moves its pinned certificate', async () => {
    const { dir, read } = await lxcDir();
    const prod = await remoteOf(read, 'prod');
    await renameCliRemote(
      prod,
      'production',
      (await read()).remotes.map((r) => r.name),
    );
    const text = fs.readFileSync(path.join(dir, 'config.yml'), 'utf8');
    assert.equal(text, CONFIG.replace('default-remote: prod', 'default-remote: production').replace('  prod:\n', '  production:\n'));
    assert.ok(fs.existsSync(path.join(dir, 'servercerts', 'production.crt')) && !fs.existsSync(path.join(dir, 'servercerts', 'prod.crt')));
    assert.equal((await read()).defaultRemote, 'production');
  });

  it('refuses to rename onto a name that exists, built-in ones included', async () => {
    const { read } = await lxcDir();
    const staging = await remoteOf(read, 'staging');
    const taken = (await read()).remotes.map((r) => r.name);
    await assert.rejects(
      renameCliRemote(staging, 'prod', taken),
      (e: unknown) => e instanceof RemoteConfigError && /"prod" already exists/.test(e.message),
    );
    await assert.rejects(renameCliRemote(staging, 'ubuntu', taken), /"ubuntu" already exists/);
  });

  it('removes a remote and its pinned certificate, and leaves the rest of the file as it was', async () => {
    const { dir, read } = await lxcDir();
    await removeCliRemote(await remoteOf(read, 'staging'));
    const text = fs.readFileSync(path.join(dir, 'config.yml'), 'utf8');
    assert.ok(!text.includes('staging'), text);
    for (const kept of ['# Written by hand: keep this comment', '# the production cluster', 'ls: list -c ns', 'project: web']) {
      assert.ok(text.includes(kept), kept);
    }
    assert.ok(!fs.existsSync(path.join(dir, 'servercerts', 'staging.crt')));
  });

  it('refuses to remove the default remote, as the CLI does', async () => {
    const { read } = await lxcDir();
    await assert.rejects(removeCliRemote(await remoteOf(read, 'prod')), /"prod" is lxc's default remote: choose another one first/);
  });

  it('leaves built-in remotes alone, and says where a remote comes from', async () => {
    const { read } = await lxcDir();
    assert.match(cliEditProblem(await remoteOf(read, 'ubuntu')) ?? '', /built into lxc/);
    assert.equal(cliEditProblem(await remoteOf(read, 'prod')), undefined);
  });

  it('pins a new server certificate for a remote (re-trust) with the file replaced whole', async () => {
    const { dir, read } = await lxcDir();
    await pinCliRemote(await remoteOf(read, 'prod'), 'NEW PEM\n');
    assert.equal(fs.readFileSync(path.join(dir, 'servercerts', 'prod.crt'), 'utf8'), 'NEW PEM\n');
  });
});

describe('CLI remotes as connections', () => {
  it('makes HTTPS remotes connections, lists image servers apart, and skips a unix remote whose socket is shown already', async () => {
    const { read } = await lxcDir();
    const found = [await read()];
    const local = found[0].remotes.find((r) => r.name === 'local')!.socketPath!;
    const shown = cliRemoteSpecs(found, { localSockets: [local] });
    assert.deepEqual(
      shown.specs.map((s) => [s.id, s.name, s.source, s.address, s.project]),
      [
        ['lxc:prod', 'prod (lxc)', 'lxc', 'https://prod.example:8443', 'web'],
        ['lxc:staging', 'staging (lxc)', 'lxc', 'https://staging.example:8443', undefined],
      ],
    );
    assert.deepEqual(shown.imageServers.map((i) => [i.name, i.protocol, i.url]).sort(), [
      ['images', 'simplestreams', 'https://images.linuxcontainers.org'],
      ['ubuntu', 'simplestreams', 'https://cloud-images.ubuntu.com/releases'],
      ['ubuntu-daily', 'simplestreams', 'https://cloud-images.ubuntu.com/daily'],
    ]);
    const withLocal = cliRemoteSpecs(found, { localSockets: [] });
    assert.ok(
      withLocal.specs.some((s) => s.id === 'lxc:local' && s.address === `unix:${local}`),
      'without local detection the CLI local remote is a connection',
    );
  });
});
