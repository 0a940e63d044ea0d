import * as fs from 'node:fs';
import * as path from 'node:path';
import { Document, isMap, isScalar } from 'yaml';
import { RemoteConfigError, RemoteDescription, parseRemoteDocument } from '../client';
import { writeAtomically } from '../client/remotes';

/**
 * Renames and removes a remote in a CLI's `config.yml` the way `lxc remote rename` / `remove` do,
 * keeping the rest of the file (comments, order, other keys) as it was, and moving the remote's
 * files along: `servercerts/<name>.crt`, and Incus' `clientcerts/<name>.*` and `oidctokens/<name>.json`.
 */

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
  const { file, doc } = await load(remote);
  if (doc.get('default-remote') === remote.name) {
    throw new RemoteConfigError(file, `"${remote.name}" is ${remote.cli}'s default remote: choose another one first ("${remote.cli} remote switch").`);
  }
  doc.deleteIn(['remotes', remote.name]);
  await writeAtomically(file, String(doc));
  for (const f of remoteFiles(remote.configDir, remote.name)) {
    await fs.promises.rm(f, { force: true });
  }
}

export async function renameCliRemote(remote: RemoteDescription, newName: string, taken: readonly string[]): Promise<void> {
  const { file, doc } = await load(remote);
  if (taken.includes(newName) || doc.hasIn(['remotes', newName])) {
    throw new RemoteConfigError(file, `a remote named "${newName}" already exists.`);
  }
  const remotes = doc.get('remotes', true);
  const pair = isMap(remotes) ? remotes.items.find((p) => isScalar(p.key) && p.key.value === remote.name) : undefined;
  if (!pair || !isScalar(pair.key)) {
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

async function load(remote: RemoteDescription): Promise<{ file: string; doc: Document }> {
  const problem = cliEditProblem(remote);
  const file = remote.definedIn ?? path.join(remote.configDir, 'config.yml');
  if (problem) {
    throw new RemoteConfigError(file, problem);
  }
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    throw new RemoteConfigError(file, `cannot be read (${(e as Error).message})`);
  }
  const doc = parseRemoteDocument(text, file);
  if (!doc.hasIn(['remotes', remote.name])) {
    throw new RemoteConfigError(file, `has no remote named "${remote.name}" any more.`);
  }
  return { file, doc };
}
