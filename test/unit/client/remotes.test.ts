import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CliConfigDir,
  CliRemotes,
  RemoteConfigError,
  RemoteDescription,
  addRemote,
  certificateFingerprint,
  cliConfigDirs,
  cliDefaultRemotes,
  discoverRemotes,
  generateClientCertificate,
  readCliRemotes,
  remoteConnection,
} from '../../../src/client';

const roots: string[] = [];
after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

/** Files to create, relative to a fresh temporary directory; returns the directory. */
function fixtureDir(files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-remotes-'));
  roots.push(root);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** A CLI directory in `root/user` with its global directory in `root/global`. */
const configIn = (root: string, cli: 'lxc' | 'incus' = 'lxc'): CliConfigDir => ({
  cli,
  dir: path.join(root, 'user'),
  origin: 'test',
  globalDir: path.join(root, 'global'),
});
const byName = (r: CliRemotes, name: string): RemoteDescription => {
  const found = r.remotes.find((x) => x.name === name);
  assert.ok(found, `remote ${name} in ${r.remotes.map((x) => x.name).join(', ')}`);
  return found;
};
const NO_ENV = {};

/** The file `lxc remote add rs-remote <token>` wrote with LXD 5.0.2 (LXD-PROTOCOL §3.10). */
const LXD_CONFIG = `default-remote: local
remotes:
  images:
    addr: https://images.linuxcontainers.org
    protocol: simplestreams
    public: true
  local:
    addr: unix://
    public: false
  rs-remote:
    addr: https://127.0.0.1:8443
    project: default
    protocol: lxd
    public: false
aliases: {}
`;

describe('remotes: where the CLIs keep their configuration', () => {
  it('looks at the deb and snap lxc directories and the Incus one, with their global directories', () => {
    const dirs = cliConfigDirs({ env: NO_ENV, home: '/home/u' });
    assert.deepEqual(
      dirs.map((d) => [d.cli, d.dir, d.globalDir]),
      [
        ['lxc', '/home/u/.config/lxc', '/etc/lxd'],
        ['lxc', '/home/u/snap/lxd/common/config', '/var/snap/lxd/common/global-conf'],
        ['incus', '/home/u/.config/incus', '/etc/incus'],
      ],
    );
  });

  it('reads only LXD_CONF and INCUS_CONF when they are set, with the global overrides', () => {
    const env = { LXD_CONF: '/c/lxc', INCUS_CONF: '/c/incus', LXD_GLOBAL_CONF: '/g/lxd', INCUS_GLOBAL_CONF: '/g/incus' };
    assert.deepEqual(
      cliConfigDirs({ env, home: '/home/u' }).map((d) => [d.cli, d.dir, d.origin, d.globalDir]),
      [
        ['lxc', '/c/lxc', 'LXD_CONF', '/g/lxd'],
        ['incus', '/c/incus', 'INCUS_CONF', '/g/incus'],
      ],
    );
  });

  it('lists the remotes of the directories that exist in a home', async () => {
    const home = fixtureDir({ '.config/lxc/config.yml': LXD_CONFIG });
    const found = await discoverRemotes({ env: { LXD_GLOBAL_CONF: path.join(home, 'none') }, home });
    assert.deepEqual(
      found.map((f) => [f.config.cli, f.config.origin, f.remotes.length]),
      [['lxc', 'deb', 5]],
    );
  });

  it("gives, for a home where neither CLI ever ran, each CLI's default image servers as from its first directory", async () => {
    const home = fixtureDir();
    const env = { LXD_GLOBAL_CONF: path.join(home, 'none'), INCUS_GLOBAL_CONF: path.join(home, 'none') };
    assert.deepEqual(await discoverRemotes({ env, home }), []);
    const defaults = await cliDefaultRemotes({ env, home });
    assert.deepEqual(
      defaults.map((d) => [
        d.config.cli,
        d.config.dir,
        d.exists,
        d.remotes.filter((r) => r.kind === 'image-server').map((r) => `${r.name} ${r.addresses[0]}`),
      ]),
      [
        [
          'lxc',
          path.join(home, '.config/lxc'),
          false,
          [
            'images https://images.linuxcontainers.org',
            'ubuntu https://cloud-images.ubuntu.com/releases',
            'ubuntu-daily https://cloud-images.ubuntu.com/daily',
          ],
        ],
        ['incus', path.join(home, '.config/incus'), false, ['images https://images.linuxcontainers.org']],
      ],
    );
  });

  it('reads the XDG Incus directory before the legacy one', () => {
    const incus = cliConfigDirs({ env: { XDG_CONFIG_HOME: '/x' }, home: '/home/u' }).filter((d) => d.cli === 'incus');
    assert.deepEqual(
      incus.map((d) => d.dir),
      ['/x/incus', '/home/u/.config/incus'],
    );
  });
});

describe('remotes: reading a CLI configuration', () => {
  let certPem: string;
  before(async () => {
    certPem = (await generateClientCertificate({ commonName: 'fixture' })).cert;
  });

  it('describes an lxc HTTPS remote with its client certificate and pinned server certificate', async () => {
    const root = fixtureDir({
      'user/config.yml': LXD_CONFIG,
      'user/client.crt': certPem,
      'user/client.key': 'KEY',
      'user/servercerts/rs-remote.crt': certPem,
    });
    const r = await readCliRemotes(configIn(root), { env: NO_ENV });
    assert.equal(r.exists, true);
    assert.equal(r.defaultRemote, 'local');
    const rs = byName(r, 'rs-remote');
    assert.deepEqual(
      {
        kind: rs.kind,
        addresses: rs.addresses,
        protocol: rs.protocol,
        project: rs.project,
        authType: rs.authType,
        scope: rs.scope,
        problems: rs.problems,
      },
      {
        kind: 'https',
        addresses: ['https://127.0.0.1:8443'],
        protocol: 'lxd',
        project: 'default',
        authType: 'tls',
        scope: 'user',
        problems: [],
      },
    );
    assert.deepEqual(rs.tls, {
      clientCertPath: path.join(root, 'user/client.crt'),
      clientKeyPath: path.join(root, 'user/client.key'),
      caPath: undefined,
      serverCertPath: path.join(root, 'user/servercerts/rs-remote.crt'),
    });
    assert.equal(rs.definedIn, path.join(root, 'user/config.yml'));
  });

  it('flags image servers, maps unix:// to the local socket and adds the built-in remotes', async () => {
    const root = fixtureDir({ 'user/config.yml': LXD_CONFIG });
    const r = await readCliRemotes(configIn(root), { env: { LXD_SOCKET: '/run/test/lxd.socket' } });
    assert.equal(byName(r, 'images').kind, 'image-server');
    assert.equal(byName(r, 'ubuntu').kind, 'image-server');
    assert.equal(byName(r, 'ubuntu-daily').scope, 'built-in');
    const local = byName(r, 'local');
    assert.deepEqual(
      { kind: local.kind, socketPath: local.socketPath, isDefault: local.isDefault },
      { kind: 'unix', socketPath: '/run/test/lxd.socket', isDefault: true },
    );
  });

  it('gives a self-signed image server the certificate the CLI pins for it in servercerts, and others none', async () => {
    const root = fixtureDir({
      'user/config.yml': `${LXD_CONFIG.replace('aliases: {}\n', '')}  mine:\n    addr: https://127.0.0.1:8445/tree\n    protocol: simplestreams\n    public: true\naliases: {}\n`,
      'user/servercerts/mine.crt': certPem,
      'global/config.yml': 'remotes:\n  office:\n    addr: https://images.office.example\n    protocol: simplestreams\n    public: true\n',
      'global/servercerts/office.crt': certPem,
    });
    const r = await readCliRemotes(configIn(root), { env: NO_ENV });
    assert.equal(byName(r, 'mine').kind, 'image-server');
    assert.equal(byName(r, 'mine').imageServerCertPath, path.join(root, 'user/servercerts/mine.crt'));
    assert.equal(byName(r, 'office').imageServerCertPath, path.join(root, 'global/servercerts/office.crt'));
    assert.equal(byName(r, 'images').imageServerCertPath, undefined);
  });

  it('reads Incus remotes: fallback addresses, per-remote client certificates, OCI and OIDC', async () => {
    const root = fixtureDir({
      'user/config.yml': [
        'default-remote: far',
        'remotes:',
        '  far:',
        '    addr: https://10.0.0.1:8443,https://10.0.0.2:8443',
        '    last_working_address: https://10.0.0.2:8443',
        '    protocol: incus',
        '    public: false',
        '  docker:',
        '    addr: https://docker.io',
        '    protocol: oci',
        '    public: true',
        '  sso:',
        '    addr: https://10.0.0.3:8443',
        '    auth_type: oidc',
        '    public: false',
        '  local:',
        '    addr: unix://',
        '    project: mine',
        '    public: false',
      ].join('\n'),
      'user/client.crt': certPem,
      'user/client.key': 'KEY',
      'user/clientcerts/far.crt': certPem,
      'user/clientcerts/far.key': 'KEY',
      'user/clientcerts/far.ca': certPem,
    });
    const r = await readCliRemotes(configIn(root, 'incus'), { env: { INCUS_SOCKET: '/run/test/incus.socket' } });
    const far = byName(r, 'far');
    assert.equal(far.isDefault, true);
    assert.deepEqual(far.addresses, ['https://10.0.0.2:8443', 'https://10.0.0.1:8443'], 'the last working address first');
    assert.equal(far.tls?.clientCertPath, path.join(root, 'user/clientcerts/far.crt'));
    assert.equal(far.tls?.caPath, path.join(root, 'user/clientcerts/far.ca'));
    assert.equal(far.tls?.serverCertPath, undefined, 'no pinned certificate: a CA-signed server');
    assert.equal(byName(r, 'docker').kind, 'image-server');
    assert.match(byName(r, 'sso').problems[0], /logs in with oidc/);
    assert.equal(byName(r, 'sso').protocol, 'incus', 'Incus fills in its own protocol');
    const local = byName(r, 'local');
    assert.deepEqual(
      { project: local.project, socketPath: local.socketPath, scope: local.scope },
      { project: 'mine', socketPath: '/run/test/incus.socket', scope: 'built-in' },
    );
  });

  it('merges the global remotes under the user ones, with global server certificates', async () => {
    const root = fixtureDir({
      'user/config.yml': 'remotes:\n  shared:\n    addr: https://user.example:8443\n    public: false\n',
      'user/client.crt': certPem,
      'user/client.key': 'KEY',
      'global/config.yml':
        'remotes:\n  shared:\n    addr: https://global.example:8443\n  office:\n    addr: https://office.example:8443\n    public: false\n',
      'global/servercerts/office.crt': certPem,
    });
    const r = await readCliRemotes(configIn(root), { env: NO_ENV });
    assert.deepEqual(byName(r, 'shared').addresses, ['https://user.example:8443'], 'the user remote wins');
    const office = byName(r, 'office');
    assert.equal(office.scope, 'global');
    assert.equal(office.tls?.serverCertPath, path.join(root, 'global/servercerts/office.crt'));
    assert.equal(office.tls?.clientCertPath, path.join(root, 'user/client.crt'), "the user's own client certificate");
  });

  it("shows the CLI's defaults when there is no config.yml, and LXC_REMOTE picks the default remote", async () => {
    const root = fixtureDir();
    const r = await readCliRemotes(configIn(root), { env: { LXC_REMOTE: 'images' } });
    assert.equal(r.exists, false);
    assert.deepEqual(
      r.remotes.map((x) => x.name),
      ['images', 'local', 'ubuntu', 'ubuntu-daily'],
    );
    assert.equal(r.defaultRemote, 'images');
  });

  it('says what is missing: a client certificate, or a key it cannot decrypt', async () => {
    const noCert = await readCliRemotes(configIn(fixtureDir({ 'user/config.yml': LXD_CONFIG })), { env: NO_ENV });
    assert.match(byName(noCert, 'rs-remote').problems.join('\n'), /client\.crt does not exist/);
    const encrypted =
      '-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END EC PRIVATE KEY-----\n';
    const locked = await readCliRemotes(
      configIn(fixtureDir({ 'user/config.yml': LXD_CONFIG, 'user/client.crt': certPem, 'user/client.key': encrypted })),
      { env: NO_ENV },
    );
    assert.match(byName(locked, 'rs-remote').problems[0], /protected by a password/);
  });

  it('reports a broken config.yml by its file name, and still lists the built-in remotes', async () => {
    for (const [text, wanted] of [
      ['remotes:\n  a: [1\n', /config\.yml: is not valid YAML/],
      ['- just\n- a list\n', /config\.yml: is not a configuration/],
      ['remotes:\n  a: https://x\n', /config\.yml: "remotes" must map/],
    ] as const) {
      const root = fixtureDir({ 'user/config.yml': text });
      const r = await readCliRemotes(configIn(root), { env: NO_ENV });
      assert.equal(r.errors.length, 1, text);
      assert.ok(r.errors[0] instanceof RemoteConfigError);
      assert.equal(r.errors[0].file, path.join(root, 'user/config.yml'));
      assert.match(r.errors[0].message, wanted);
      assert.deepEqual(
        r.remotes.map((x) => x.name),
        ['local', 'ubuntu', 'ubuntu-daily'],
      );
    }
  });

  it('turns a remote into HTTPS options with the pinned certificate, and refuses an image server', async () => {
    const root = fixtureDir({
      'user/config.yml': LXD_CONFIG,
      'user/client.crt': certPem,
      'user/client.key': 'KEY',
      'user/servercerts/rs-remote.crt': certPem,
    });
    const r = await readCliRemotes(configIn(root), { env: NO_ENV });
    const c = await remoteConnection(byName(r, 'rs-remote'));
    assert.equal(c.kind, 'https');
    assert.deepEqual(
      c.kind === 'https' && {
        url: c.options.url,
        cert: c.options.clientCert,
        key: c.options.clientKey,
        server: c.options.serverCertificate,
        project: c.project,
      },
      {
        url: 'https://127.0.0.1:8443',
        cert: certPem,
        key: 'KEY',
        server: certPem,
        project: 'default',
      },
    );
    await assert.rejects(remoteConnection(byName(r, 'images')), /remote "images": it is an image server/);
  });
});

describe('remotes: adding a remote to a CLI directory', () => {
  let serverPem: string;
  before(async () => {
    serverPem = (await generateClientCertificate({ commonName: 'server' })).cert;
  });

  it('appends to config.yml keeping comments and order, writes the server certificate and a 0600 client key', async () => {
    const original = `# my remotes\ndefault-remote: local\nremotes:\n  local:\n    addr: unix://\n    public: false # the socket\naliases:\n  ls: list\n`;
    const root = fixtureDir({ 'config.yml': original });
    const added = await addRemote(
      root,
      { cli: 'lxc', name: 'lxdx-r', address: 'https://127.0.0.1:8443', serverCertificate: serverPem },
      { env: NO_ENV },
    );
    const text = fs.readFileSync(path.join(root, 'config.yml'), 'utf8');
    assert.equal(
      text,
      `# my remotes\ndefault-remote: local\nremotes:\n  local:\n    addr: unix://\n    public: false # the socket\n  lxdx-r:\n    addr: https://127.0.0.1:8443\n    protocol: lxd\n    public: false\naliases:\n  ls: list\n`,
    );
    assert.equal(fs.readFileSync(path.join(root, 'servercerts/lxdx-r.crt'), 'utf8'), serverPem);
    assert.equal(fs.statSync(path.join(root, 'client.key')).mode & 0o777, 0o600);
    assert.equal(added.generatedClientCertificate, true);
    assert.equal(certificateFingerprint(fs.readFileSync(path.join(root, 'client.crt'), 'utf8')), added.clientCertificate.fingerprint);
    assert.deepEqual(
      { kind: added.remote.kind, problems: added.remote.problems, pinned: added.remote.tls?.serverCertPath },
      { kind: 'https', problems: [], pinned: path.join(root, 'servercerts/lxdx-r.crt') },
    );
  });

  it('starts a new config.yml from the CLI defaults, and keeps an existing client certificate', async () => {
    const root = fixtureDir();
    const first = await addRemote(
      root,
      { cli: 'incus', name: 'one', address: 'https://127.0.0.1:8444', project: 'p', makeDefault: true },
      { env: NO_ENV },
    );
    const second = await addRemote(root, { cli: 'incus', name: 'two', address: 'https://127.0.0.1:8445' }, { env: NO_ENV });
    assert.equal(second.generatedClientCertificate, false);
    assert.equal(second.clientCertificate.fingerprint, first.clientCertificate.fingerprint);
    assert.match(new X509Certificate(first.clientCertificate.cert).subject, /O=Linux Containers/);
    const r = await readCliRemotes({ cli: 'incus', dir: root, origin: 'test', globalDir: path.join(root, 'none') }, { env: NO_ENV });
    assert.equal(r.defaultRemote, 'one');
    assert.deepEqual(
      r.remotes.map((x) => x.name),
      ['images', 'local', 'one', 'two'],
    );
    assert.deepEqual({ project: byName(r, 'one').project, protocol: byName(r, 'one').protocol }, { project: 'p', protocol: 'incus' });
    assert.equal(
      fs.readFileSync(path.join(root, 'config.yml'), 'utf8'),
      [
        'default-remote: one',
        'remotes:',
        ...['images:', '  addr: https://images.linuxcontainers.org', '  protocol: simplestreams', '  public: true'],
        ...['local:', '  addr: unix://', '  protocol: incus', '  public: false'],
        ...['one:', '  addr: https://127.0.0.1:8444', '  project: p', '  protocol: incus', '  public: false'],
        ...['two:', '  addr: https://127.0.0.1:8445', '  protocol: incus', '  public: false'],
      ]
        .map((l, i) => (i < 2 ? l : `  ${l}`))
        .join('\n') + '\naliases: {}\n',
      'what `incus remote add` would write',
    );
  });

  it('refuses a taken, built-in or unusable name, and leaves a broken config.yml alone', async () => {
    const root = fixtureDir({ 'config.yml': LXD_CONFIG });
    await assert.rejects(
      addRemote(root, { cli: 'lxc', name: 'rs-remote', address: 'https://h:8443' }),
      /config\.yml: a remote named "rs-remote" already exists/,
    );
    await assert.rejects(addRemote(root, { cli: 'lxc', name: 'ubuntu', address: 'https://h:8443' }), /built-in remote/);
    await assert.rejects(addRemote(root, { cli: 'lxc', name: 'a:b', address: 'https://h:8443' }), /cannot be a remote name/);
    assert.equal(fs.readFileSync(path.join(root, 'config.yml'), 'utf8'), LXD_CONFIG);
    const broken = fixtureDir({ 'config.yml': 'remotes: [\n' });
    await assert.rejects(
      addRemote(broken, { cli: 'lxc', name: 'x', address: 'https://h:8443' }),
      (e: unknown) => e instanceof RemoteConfigError && e.file.endsWith('config.yml'),
    );
    assert.equal(fs.readFileSync(path.join(broken, 'config.yml'), 'utf8'), 'remotes: [\n');
    assert.ok(!fs.existsSync(path.join(broken, 'client.key')), 'nothing generated for a config that cannot be written');
  });
});
