import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { Client, CliRemotes, RemoteDescription, RequestTrace, certificateFingerprint, connectRemote } from '../client';
import type { ConnectionSpec } from '../connections/connection';
import { RemoteStore, StoredRemote } from './store';
import { checkPinned } from './trust';

/**
 * Connection specs for remotes: those added in VS Code, and those of the `lxc` / `incus` CLIs.
 * No `vscode` here (only its types), so the integration tests connect through the same code.
 */

/** An image server a CLI knows (simplestreams, OCI, a public LXD): listed, not connected to. */
export interface CliImageServer {
  name: string;
  cli: 'lxc' | 'incus';
  url: string;
  protocol: string;
  /** The file that declares it; undefined for the CLI's built-in ones. */
  definedIn?: string;
  /** `servercerts/<name>.crt`, for a self-signed server. */
  certificatePath?: string;
  project?: string;
}

/** A remote added in VS Code: its key comes from the secret storage when connecting. */
export function storedRemoteSpec(remote: StoredRemote, store: RemoteStore): ConnectionSpec {
  return {
    id: `added:${remote.name}`,
    name: remote.name,
    source: 'added',
    address: remote.url,
    project: remote.project,
    revision: remote.fingerprint,
    createClient: async (onTrace) => {
      const identity = await store.identity();
      if (!identity) {
        throw new Error(
          `The private key of LXD Explorer's client certificate is no longer in VS Code's secret storage ` +
            `(a browser-based VS Code may keep it only until the page reloads). Run "LXD: Re-trust Remote…" for "${remote.name}" with a new trust token.`,
        );
      }
      await checkPinned({ name: remote.name, url: remote.url, fingerprint: remote.fingerprint });
      return Client.https(
        { url: remote.url, clientCert: identity.cert, clientKey: identity.key, serverFingerprint: remote.fingerprint },
        { onTrace },
      );
    },
  };
}

export interface CliSpecs {
  specs: ConnectionSpec[];
  imageServers: CliImageServer[];
}

/**
 * What the CLIs' remotes become: HTTPS and unix remotes are connections (a unix remote only when
 * its socket is not one of the local sockets shown already), image servers are listed apart.
 */
export function cliRemoteSpecs(found: CliRemotes[], opts: { localSockets: string[] }): CliSpecs {
  const specs: ConnectionSpec[] = [];
  const imageServers: CliImageServer[] = [];
  for (const dir of found) {
    for (const remote of dir.remotes) {
      if (remote.kind === 'image-server') {
        imageServers.push({
          name: remote.name,
          cli: remote.cli,
          url: remote.addresses[0] ?? '',
          protocol: remote.protocol,
          definedIn: remote.definedIn,
          certificatePath: remote.imageServerCertPath,
          project: remote.project,
        });
      } else if (remote.kind === 'https' || !opts.localSockets.includes(remote.socketPath ?? '')) {
        specs.push(cliRemoteSpec(remote));
      }
    }
  }
  return { specs, imageServers };
}

export function cliRemoteSpec(remote: RemoteDescription): ConnectionSpec {
  const address = remote.kind === 'unix' ? `unix:${remote.socketPath}` : httpsUrl(remote.addresses[0] ?? '');
  return {
    id: `${remote.cli}:${remote.name}`,
    name: `${remote.name} (${remote.cli})`,
    source: remote.cli,
    address,
    project: remote.project,
    revision: revisionOf(remote),
    createClient: async (onTrace: (t: RequestTrace) => void) => {
      const pinned = remote.tls?.serverCertPath && readFingerprint(remote.tls.serverCertPath);
      if (pinned && remote.problems.length === 0) {
        await checkPinned({ name: remote.name, url: address, fingerprint: pinned });
      }
      return connectRemote(remote, { onTrace });
    },
  };
}

/** Changes when what connecting reads changes: a new pin, client certificate, project or problem. */
function revisionOf(remote: RemoteDescription): string {
  const files = [remote.tls?.serverCertPath, remote.tls?.clientCertPath, remote.tls?.caPath].map((f) =>
    f ? (readFingerprint(f) ?? '-') : '',
  );
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([remote.addresses, remote.project, remote.problems, files]))
    .digest('hex')
    .slice(0, 16);
}

function readFingerprint(file: string): string | undefined {
  try {
    return certificateFingerprint(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function httpsUrl(addr: string): string {
  return addr.includes('://') ? addr : `https://${addr}`;
}
