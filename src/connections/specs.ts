import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import { Client, SocketCandidate } from '../client';
import { ConnectionSetting } from '../settings';
import { ConnectionSpec } from './connection';
import { productName } from './serverKind';

/** A local daemon's socket, found by detection. */
export function localSpec(socket: SocketCandidate): ConnectionSpec {
  return {
    id: `local:${socket.kind}`,
    name: `${productName(socket.kind)} (local)`,
    source: 'local',
    address: `unix:${socket.path}`,
    // incus-user gives each user a project of their own.
    project: socket.path.endsWith('.user') ? `user-${os.userInfo().uid}` : undefined,
    createClient: async (onTrace) => Client.unix(socket.path, { onTrace }),
  };
}

/** How `clientKeySecret` finds a certificate whose key VS Code keeps in its secret storage. */
export type StoredIdentity = (name: string) => Promise<{ cert: string; key: string } | undefined>;

/** A connection from the `lxd.connections` setting. Throws when the entry cannot work. */
export function settingSpec(entry: ConnectionSetting, storedIdentity: StoredIdentity): ConnectionSpec {
  if (!entry || typeof entry.name !== 'string' || !entry.name.trim()) {
    throw new Error('every entry needs a "name"');
  }
  const base = { id: `setting:${entry.name}`, name: entry.name, source: 'setting' as const, project: entry.project };
  if (entry.socket) {
    const socketPath = expandHome(entry.socket);
    return { ...base, address: `unix:${socketPath}`, createClient: async (onTrace) => Client.unix(socketPath, { onTrace }) };
  }
  if (!entry.url) {
    throw new Error('give either "socket" or "url"');
  }
  const url = new URL(entry.url);
  if (url.protocol !== 'https:') {
    throw new Error(`"url" must start with https:// (got ${entry.url})`);
  }
  if (!entry.clientKeySecret && (!entry.clientCertificate || !entry.clientKey)) {
    throw new Error('an HTTPS connection needs "clientCertificate" and "clientKey" (paths to PEM files), or "clientKeySecret"');
  }
  if (!entry.serverCertificate && !entry.serverFingerprint) {
    throw new Error(
      'an HTTPS connection needs the server certificate to trust: "serverCertificate" (path) or "serverFingerprint" (SHA-256)',
    );
  }
  return {
    ...base,
    address: `https://${url.host}`,
    createClient: async (onTrace) =>
      Client.https(
        {
          url: entry.url!,
          ...(await clientIdentity(entry, storedIdentity)),
          serverCertificate: entry.serverCertificate ? await readPem(entry.serverCertificate, 'server certificate') : undefined,
          serverFingerprint: entry.serverFingerprint,
        },
        { onTrace },
      ),
  };
}

async function clientIdentity(
  entry: ConnectionSetting,
  storedIdentity: StoredIdentity,
): Promise<{ clientCert: string; clientKey: string }> {
  if (entry.clientKeySecret) {
    const id = await storedIdentity(entry.clientKeySecret);
    if (!id) {
      throw new Error(
        `There is no client certificate "${entry.clientKeySecret}" in VS Code's secret storage: "LXD: Add Remote…" makes one.`,
      );
    }
    return { clientCert: id.cert, clientKey: id.key };
  }
  return {
    clientCert: await readPem(entry.clientCertificate!, 'client certificate'),
    clientKey: await readPem(entry.clientKey!, 'client key'),
  };
}

async function readPem(file: string, what: string): Promise<string> {
  try {
    return await fs.readFile(expandHome(file), 'utf8');
  } catch (e) {
    throw new Error(
      `Cannot read the ${what} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
}

export function expandHome(p: string): string {
  return p.startsWith('~/') ? `${os.homedir()}${p.slice(1)}` : p;
}
