import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Document } from 'yaml';
import { yaml } from '../yaml';
import { ClientCertificate, certificateFingerprint, generateClientCertificate } from '../certificates';
import {
  BUILT_IN,
  DEFAULTS,
  Env,
  RemoteCli,
  RemoteConfigError,
  RemoteDescription,
  globalDirFor,
  parseRemoteDocument,
  readCliRemotes,
  readConfigText,
} from './read';

/**
 * Changes a CLI's configuration directory the way `lxc remote add` / `rename` / `remove` (and their
 * `incus` twins) do: the entry in `config.yml`, keeping the rest of the file (comments, order, other
 * keys) as it was, and the remote's files beside it: `servercerts/<name>.crt`, the directory's
 * `client.crt` / `client.key`, and Incus' `clientcerts/<name>.*` and `oidctokens/<name>.json`.
 */

/** Adds a remote to an `lxc` or `incus` configuration directory, the way the CLI would. */
export interface AddRemoteInit {
  /** Which CLI's format to write (`protocol: lxd` or `incus`, the certificate's organisation). */
  cli: RemoteCli;
  name: string;
  /** `https://host:port`. */
  address: string;
  /** PEM of the server certificate to pin, written to `servercerts/<name>.crt`; omit for a CA-signed server. */
  serverCertificate?: string;
  project?: string;
  makeDefault?: boolean;
}

export interface AddedRemote {
  remote: RemoteDescription;
  /** The client certificate the remote uses: trust it on the server (a token and `trustMe`). */
  clientCertificate: ClientCertificate;
  /** Whether `client.crt` / `client.key` were generated now. */
  generatedClientCertificate: boolean;
}

/**
 * Adds a remote to a CLI configuration directory the way `lxc remote add` / `incus remote add`
 * would: the entry in `config.yml` (the rest of the file, comments and order kept), the server
 * certificate in `servercerts/`, and `client.crt` / `client.key` (0600) when there are none yet.
 */
export async function addRemote(dir: string, init: AddRemoteInit, opts: { env?: Env } = {}): Promise<AddedRemote> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(init.name)) {
    throw new TypeError(`"${init.name}" cannot be a remote name: use letters, digits, ".", "_" and "-" (no ":" or "/").`);
  }
  if (BUILT_IN[init.cli][init.name]) {
    throw new TypeError(`"${init.name}" is a built-in remote of ${init.cli}.`);
  }
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o750 });
  const file = path.join(dir, 'config.yml');
  const doc = await loadDocument(file, init.cli);
  if (doc.hasIn(['remotes', init.name])) {
    throw new RemoteConfigError(file, `a remote named "${init.name}" already exists.`);
  }
  const entry: Record<string, unknown> = { addr: init.address };
  if (init.project) {
    entry.project = init.project;
  }
  Object.assign(entry, { protocol: init.cli === 'incus' ? 'incus' : 'lxd', public: false });
  const remotes = doc.get('remotes', true);
  if (yaml().isMap(remotes)) {
    remotes.flow = false;
  }
  doc.setIn(['remotes', init.name], doc.createNode(entry));
  if (init.makeDefault) {
    doc.set('default-remote', init.name);
  }
  const client = await ensureClientCertificate(dir, init.cli);
  if (init.serverCertificate) {
    await fs.promises.mkdir(path.join(dir, 'servercerts'), { recursive: true, mode: 0o750 });
    await fs.promises.writeFile(path.join(dir, 'servercerts', `${init.name}.crt`), init.serverCertificate, { mode: 0o644 });
  }
  await writeAtomically(file, String(doc));
  const env = opts.env ?? process.env;
  const listed = await readCliRemotes({ cli: init.cli, dir, origin: 'chosen', globalDir: globalDirFor(init.cli, env) }, { env });
  const remote = listed.remotes.find((r) => r.name === init.name)!;
  return { remote, clientCertificate: client.certificate, generatedClientCertificate: client.generated };
}

/** The directory's `client.crt` / `client.key`, generated like the CLI does when missing. */
export async function ensureClientCertificate(
  dir: string,
  cli: RemoteCli,
): Promise<{ certificate: ClientCertificate; generated: boolean }> {
  const certPath = path.join(dir, 'client.crt');
  const keyPath = path.join(dir, 'client.key');
  if (fs.existsSync(certPath) !== fs.existsSync(keyPath)) {
    throw new RemoteConfigError(
      dir,
      'has only one of client.crt and client.key: restore the other, or remove both to get a new certificate.',
    );
  }
  if (fs.existsSync(certPath)) {
    const [cert, key] = await Promise.all([fs.promises.readFile(certPath, 'utf8'), fs.promises.readFile(keyPath, 'utf8')]);
    return { certificate: { cert, key, fingerprint: certificateFingerprint(cert) }, generated: false };
  }
  const certificate = await generateClientCertificate({ organization: cli === 'incus' ? 'Linux Containers' : 'linuxcontainers.org' });
  // `wx`: never overwrite a key another process just wrote.
  await fs.promises.writeFile(keyPath, certificate.key, { mode: 0o600, flag: 'wx' });
  await fs.promises.writeFile(certPath, certificate.cert, { mode: 0o644, flag: 'wx' });
  return { certificate, generated: true };
}

async function loadDocument(file: string, cli: RemoteCli): Promise<Document> {
  const text = await readConfigText(file);
  if (text === undefined) {
    return new (yaml().Document)({ 'default-remote': 'local', remotes: DEFAULTS[cli], aliases: {} });
  }
  return parseRemoteDocument(text, file);
}

/** Why LXD Explorer will not change this remote in the CLI's file; undefined when it may. */
export function cliEditProblem(remote: RemoteDescription): string | undefined {
  if (remote.scope === 'built-in') {
    return `"${remote.name}" is built into ${remote.cli}: it cannot be renamed or removed.`;
  }
  if (remote.scope === 'global') {
    return `"${remote.name}" comes from the system-wide ${remote.definedIn}, which applies to every user: change it there, as root.`;
  }
  return undefined;
}

export async function removeCliRemote(remote: RemoteDescription): Promise<void> {
  const { file, doc } = await loadRemote(remote);
  if (doc.get('default-remote') === remote.name) {
    throw new RemoteConfigError(
      file,
      `"${remote.name}" is ${remote.cli}'s default remote: choose another one first ("${remote.cli} remote switch").`,
    );
  }
  doc.deleteIn(['remotes', remote.name]);
  await writeAtomically(file, String(doc));
  for (const f of remoteFiles(remote.configDir, remote.name)) {
    await fs.promises.rm(f, { force: true });
  }
}

export async function renameCliRemote(remote: RemoteDescription, newName: string, taken: readonly string[]): Promise<void> {
  const { file, doc } = await loadRemote(remote);
  if (taken.includes(newName) || doc.hasIn(['remotes', newName])) {
    throw new RemoteConfigError(file, `a remote named "${newName}" already exists.`);
  }
  const remotes = doc.get('remotes', true);
  const pair = yaml().isMap(remotes) ? remotes.items.find((p) => yaml().isScalar(p.key) && p.key.value === remote.name) : undefined;
  if (!pair || !yaml().isScalar(pair.key)) {
    throw new RemoteConfigError(file, `has no remote named "${remote.name}" any more.`);
  }
  // The key changes in place: its comments and its position stay.
  pair.key.value = newName;
  if (doc.get('default-remote') === remote.name) {
    doc.set('default-remote', newName);
  }
  const from = remoteFiles(remote.configDir, remote.name);
  const to = remoteFiles(remote.configDir, newName);
  for (let i = 0; i < from.length; i++) {
    if (fs.existsSync(from[i])) {
      await fs.promises.rename(from[i], to[i]);
    }
  }
  await writeAtomically(file, String(doc));
}

/** Pins a new server certificate for the remote (a re-trust): `servercerts/<name>.crt`. */
export async function pinCliRemote(remote: RemoteDescription, pem: string): Promise<void> {
  const problem = cliEditProblem(remote);
  if (problem) {
    throw new RemoteConfigError(remote.definedIn ?? remote.configDir, problem);
  }
  const dir = path.join(remote.configDir, 'servercerts');
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o750 });
  await writeAtomically(path.join(dir, `${remote.name}.crt`), pem);
}

function remoteFiles(dir: string, name: string): string[] {
  return [
    path.join(dir, 'servercerts', `${name}.crt`),
    ...['crt', 'key', 'ca'].map((ext) => path.join(dir, 'clientcerts', `${name}.${ext}`)),
    path.join(dir, 'oidctokens', `${name}.json`),
  ];
}

/** The document of the file that defines `remote`, which must still hold it and may be changed. */
async function loadRemote(remote: RemoteDescription): Promise<{ file: string; doc: Document }> {
  const problem = cliEditProblem(remote);
  const file = remote.definedIn ?? path.join(remote.configDir, 'config.yml');
  if (problem) {
    throw new RemoteConfigError(file, problem);
  }
  const text = await readConfigText(file);
  if (text === undefined) {
    throw new RemoteConfigError(file, 'cannot be read (it does not exist any more)');
  }
  const doc = parseRemoteDocument(text, file);
  if (!doc.hasIn(['remotes', remote.name])) {
    throw new RemoteConfigError(file, `has no remote named "${remote.name}" any more.`);
  }
  return { file, doc };
}

/** Replaces the file in one step, keeping its mode: a crash never leaves a half-written config. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const mode = await fs.promises.stat(file).then(
    (st) => st.mode & 0o777,
    () => 0o644,
  );
  const tmp = `${file}.lxdx-${process.pid}-${Date.now()}`;
  await fs.promises.writeFile(tmp, text, { mode });
  try {
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw new RemoteConfigError(file, `cannot be written (${(e as Error).message})`);
  }
}
