import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliConfigDir, Client, addRemote, certificateFingerprint, connectRemote, readCliRemotes } from '../../src/client';
import { forEachTarget, useSuite } from '../support/fixtures';
import { cli, cliEnv } from '../support/cli';
import { Target, testbed, uniqueName } from '../support/testbed';

/**
 * Runs the target's real CLI on a configuration directory of its own, under strace, and returns its
 * output and every address it connected to. Only the unix socket and loopback are allowed.
 */
function runCli(target: Target, confDir: string, args: string[]): { stdout: string; peers: string[] } {
  const traceFile = path.join(confDir, '..', `strace-${Date.now()}.txt`);
  const env = { ...cliEnv(target), [target.name === 'lxd' ? 'LXD_CONF' : 'INCUS_CONF']: confDir };
  let stdout: string;
  try {
    stdout = execFileSync('strace', ['-f', '-qq', '-e', 'trace=connect', '-o', traceFile, target.cli, ...args], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as { code?: string; stderr?: string };
    throw new Error(
      err.code === 'ENOENT'
        ? 'strace is needed to check where the CLI connects (apt-get install strace)'
        : `${target.cli} ${args[0]} failed: ${err.stderr}`,
    );
  }
  const peers = fs
    .readFileSync(traceFile, 'utf8')
    .split('\n')
    .filter((l) => l.includes('connect('))
    .map((l) => {
      const inet = /sin_addr=inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"/.exec(l);
      const port = /sin6?_port=htons\((\d+)\)/.exec(l)?.[1];
      return l.includes('AF_UNIX')
        ? `unix:${/sun_path="([^"]*)"/.exec(l)?.[1] ?? '?'}`
        : inet
          ? `${inet[1] ?? `[${inet[2]}]`}:${port}`
          : `unknown: ${l}`;
    });
  return { stdout, peers };
}

/** Every connection went to the daemon's socket or to loopback, and at least one to the HTTPS port. */
function assertLoopbackOnly(target: Target, peers: string[]): void {
  const outside = peers.filter((p) => !p.startsWith('unix:') && !p.startsWith('127.0.0.1:') && !p.startsWith('[::1]:'));
  assert.deepEqual(outside, [], `${target.cli} connected beyond loopback`);
  assert.ok(peers.includes(target.https!), `${target.cli} used ${target.https}: ${peers.join(', ')}`);
}

forEachTarget('remotes of the CLIs', (target) => {
  const s = useSuite(target);
  const confVar = target.name === 'lxd' ? 'LXD_CONF' : 'INCUS_CONF';
  const cliName = target.name === 'lxd' ? 'lxc' : 'incus';
  let root: string;
  let instance: string;
  const added = new Set<string>();

  /** The CLI directory with its global one inside the test's temporary directory: nothing of the machine's. */
  const configDir = (dir: string): CliConfigDir => ({ cli: cliName, dir, origin: confVar, globalDir: path.join(root, 'no-global') });

  before(async function () {
    if (!target.https) {
      this.skip();
    }
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-remotes-'));
    instance = await s.fx.create('remotes');
  });

  after(async () => {
    const admin = Client.unix(target.socket);
    for (const fp of added) {
      await admin.certificates.delete(fp).catch(() => undefined);
    }
    await admin.close();
    if (root) {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it(`reads a remote that "${cliName} remote add" wrote with a token, and lists instances through it over HTTPS`, async () => {
    const dir = path.join(root, 'from-cli');
    const name = uniqueName('remotes-cli');
    const trustArgs =
      target.name === 'lxd' ? ['config', 'trust', 'add', '--name', name, '--quiet'] : ['config', 'trust', 'add', name, '--quiet'];
    const token = cli(target, trustArgs).trim().split('\n').pop()!;
    const { peers } = runCli(target, dir, ['remote', 'add', 'lxdx-r', token]);
    assertLoopbackOnly(target, peers);
    added.add(certificateFingerprint(fs.readFileSync(path.join(dir, 'client.crt'), 'utf8')));

    const read = await readCliRemotes(configDir(dir), { env: {} });
    assert.deepEqual(read.errors, []);
    const remote = read.remotes.find((r) => r.name === 'lxdx-r');
    assert.ok(remote, read.remotes.map((r) => r.name).join(', '));
    assert.deepEqual(
      {
        kind: remote.kind,
        addresses: remote.addresses,
        protocol: remote.protocol,
        problems: remote.problems,
        pinned: remote.tls?.serverCertPath,
      },
      {
        kind: 'https',
        addresses: [`https://${target.https}`],
        protocol: target.name,
        problems: [],
        pinned: path.join(dir, 'servercerts', 'lxdx-r.crt'),
      },
    );
    const client = await connectRemote(remote, { project: testbed().project });
    try {
      assert.equal((await client.serverInfo()).auth, 'trusted');
      assert.ok(
        (await client.instances.list()).some((i) => i.name === instance),
        'the instance is listed over HTTPS',
      );
    } finally {
      await client.close();
    }
  });

  it(`writes a remote that "${cliName} list" then uses`, async () => {
    const dir = path.join(root, 'from-us');
    const added0 = await addRemote(dir, {
      cli: cliName,
      name: 'lxdx-r',
      address: `https://${target.https}`,
      serverCertificate: fs.readFileSync(target.serverCertPath!, 'utf8'),
    });
    added.add(added0.clientCertificate.fingerprint);
    assert.equal(added0.generatedClientCertificate, true);
    assert.equal(fs.statSync(path.join(dir, 'client.key')).mode & 0o777, 0o600);

    // Trusted the way a user would: a token from the server, used over HTTPS with the written files.
    const issued = await s.client.certificates.issueToken(uniqueName('remotes-ours'));
    const client = await connectRemote(added0.remote);
    try {
      await client.certificates.trustMe({ token: issued.token });
    } finally {
      await client.close();
    }

    const { stdout, peers } = runCli(target, dir, ['list', 'lxdx-r:', '--project', testbed().project, '--format', 'csv', '--columns', 'n']);
    assertLoopbackOnly(target, peers);
    assert.ok(stdout.split('\n').includes(instance), `${cliName} list shows ${instance}:\n${stdout}`);
    const remotes = runCli(target, dir, ['remote', 'list', '--format', 'csv']).stdout;
    assert.match(remotes, new RegExp(`^lxdx-r,https://${target.https!.replace(/\./g, '\\.')},${target.name},tls,`, 'm'));
  });
});
