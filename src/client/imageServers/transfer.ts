import type { Image, Operation } from '../../generated';
import type { ProjectOptions } from '../api/base';
import type { RemoteImageRef } from '../api/builders';
import type { ServerKind } from '../api/server';
import type { Client } from '../client';
import { callEndpoint } from '../endpoint';
import { ApiError, CancelledError } from '../errors';
import { cliName } from '../serverKind';
import type { Progress } from '../operation';
import type { ImageServer, RemoteImage } from './types';

export interface RemoteImageTarget {
  /** The daemon that downloads: LXD and Incus name an Incus server's protocol differently. */
  kind?: ServerKind;
  /** Its architecture (`environment.architectures[0]`): an alias resolves to that one. */
  architecture?: string;
  /**
   * The alias to download by, one of the image's (what the user typed). Default: its first, the
   * most specific one the server lists (`debian/bookworm/default`, `24.04`), which the daemon
   * follows when it refreshes the image; a floating one (`lts`, `default`) would move on to
   * another release.
   */
  alias?: string;
}

/**
 * The `source` that makes a daemon download `image` from `server` (for `InstanceBuilder.image`),
 * as `lxc launch images:debian/12` sends it: by alias when the image has one and is for the
 * target's architecture (so the daemon records where it came from, and can refresh it), else by
 * fingerprint (an alias resolves to the daemon's own architecture). The server's project is left
 * out: instance creation ignores it (see `downloadImage`).
 */
export function remoteImageRef(
  server: ImageServer,
  image: Pick<RemoteImage, 'fingerprint' | 'aliases' | 'architecture'>,
  target: RemoteImageTarget = {},
): RemoteImageRef {
  const alias = target.alias && image.aliases.includes(target.alias) ? target.alias : image.aliases[0];
  const byAlias = alias !== undefined && (!target.architecture || target.architecture === image.architecture);
  return {
    server: server.url,
    protocol: pullProtocol(server.protocol, target.kind),
    ...(byAlias ? { alias } : { fingerprint: image.fingerprint }),
    ...(server.certificate ? { certificate: server.certificate } : {}),
  };
}

/**
 * What a daemon calls an LXD / Incus server: LXD 5.0 knows only `lxd` ("Unsupported protocol:
 * incus"); Incus 6.0 downloads with `lxd` too but then cannot record where the image came from
 * ("Invalid protocol: lxd", after it stored the image), so it gets `incus`.
 */
function pullProtocol(protocol: ImageServer['protocol'] | ServerKind, target?: ServerKind): RemoteImageRef['protocol'] {
  if (protocol === 'simplestreams') {
    return 'simplestreams';
  }
  return target ?? (protocol === 'incus' ? 'incus' : 'lxd');
}

/** How a downloaded image is kept in the target's image store. */
export interface StoreOptions {
  /** Aliases to give it there (each must be free). */
  aliases?: string[];
  public?: boolean;
  /** Keep it up to date from where it came (only for an image downloaded by alias). */
  autoUpdate?: boolean;
  onProgress?: (p: Progress) => void;
  /** Cancels the download on the target. */
  signal?: AbortSignal;
}

export interface DownloadImageOptions extends StoreOptions, RemoteImageTarget {
  /** The project of the target to store the image in (default: the client's). */
  project?: string;
}

/**
 * Downloads `image` from `server` into a daemon's image store (`POST /1.0/images`), as
 * `lxc image copy images:debian/12 local:` does. Unlike creating an instance from the server, this
 * honours the project the image is in on an LXD / Incus server: LXD 5.0.2 and Incus 6.0.4 look an
 * instance's remote image up in the server's default project only ("Image not found"), so an image
 * of another project is downloaded first and the instance made from the local copy.
 */
export function downloadImage(
  to: Client,
  server: ImageServer,
  image: Pick<RemoteImage, 'fingerprint' | 'aliases' | 'architecture'>,
  o: DownloadImageOptions = {},
): Promise<Operation> {
  return pullIntoStore(to, { ...remoteImageRef(server, image, o), ...(server.project ? { project: server.project } : {}) }, o.project, o);
}

/**
 * A download is made not cancellable and becomes cancellable once its transfer starts: an abort
 * meanwhile waits this long for that moment (see `WaitOptions.cancelGraceMs`).
 */
export const DOWNLOAD_CANCEL_GRACE_MS = 15_000;

/** `POST /1.0/images` pulling from another server, waited for. */
function pullIntoStore(to: Client, source: RemoteImageRef, project: string | undefined, o: StoreOptions): Promise<Operation> {
  return to.images
    .create(
      {
        source: { type: 'image', mode: 'pull', ...source },
        ...(o.aliases?.length ? { aliases: o.aliases.map((name) => ({ name })) } : {}),
        ...(o.public !== undefined ? { public: o.public } : {}),
        ...(o.autoUpdate !== undefined ? { auto_update: o.autoUpdate } : {}),
      },
      { project, signal: o.signal },
    )
    .wait({ onProgress: o.onProgress, signal: o.signal, cancelGraceMs: DOWNLOAD_CANCEL_GRACE_MS });
}

export interface CopyImageOptions extends StoreOptions {
  from: Client;
  to: Client;
  fingerprint: string;
  /** Default: each client's own project. */
  fromProject?: string;
  toProject?: string;
}

/**
 * Copies an image from one connected server to another the way `lxc image copy` does: the target
 * downloads it from the source's HTTPS address (trying each address the source listens on), with
 * the source's certificate and, for a private image, a one-time token the source issues. A source
 * that is not on the network (only its unix socket) cannot be copied from this way.
 */
export async function copyImage(o: CopyImageOptions): Promise<Operation> {
  const fromProject = o.fromProject ?? o.from.defaultProject;
  const [image, info, fromKind, toKind] = await Promise.all([
    o.from.images.get(o.fingerprint, { project: fromProject, signal: o.signal }),
    o.from.serverInfo({ signal: o.signal }),
    o.from.kind({ signal: o.signal }),
    o.to.kind({ signal: o.signal }),
  ]);
  const addresses = sourceAddresses(o.from, info.environment?.addresses ?? []);
  if (addresses.length === 0) {
    throw new SourceNotReachableError(
      `${o.from.transport.address} listens only on its unix socket, so ${o.to.transport.address} cannot download the image from it. ` +
        `Make the source listen on the network ("${cliName(fromKind)} config set core.https_address :8443" on it), then copy again.`,
    );
  }
  const secret = image.public ? undefined : await imageSecret(o.from, image, fromProject, o.signal);
  const failures: string[] = [];
  for (const server of addresses) {
    try {
      const source: RemoteImageRef = {
        server,
        protocol: pullProtocol(fromKind, toKind),
        fingerprint: image.fingerprint,
        certificate: info.environment?.certificate,
        ...(secret ? { secret } : {}),
        ...(fromProject ? { project: fromProject } : {}),
      };
      return await pullIntoStore(o.to, source, o.toProject, o);
    } catch (e) {
      if (e instanceof CancelledError || !(e instanceof ApiError) || !e.operationId || addresses.length === 1) {
        throw e;
      }
      failures.push(`${server}: ${e.lxdMessage}`);
    }
  }
  throw new Error(
    `${o.to.transport.address} could not download the image from any address of ${o.from.transport.address}: ${failures.join('; ')}`,
  );
}

/** The source of a copy cannot be reached by the target at all (it is not on the network). */
export class SourceNotReachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceNotReachableError';
  }
}

/** Where the target may reach the source: the address this client uses first, then those the source lists. */
function sourceAddresses(from: Client, listed: string[]): string[] {
  const own = from.transport.kind === 'https' ? [from.transport.address] : [];
  return [...new Set([...own, ...listed.map((a) => `https://${a}`)])];
}

/** A one-time token with which an untrusted server may download a private image. */
async function imageSecret(from: Client, image: Image, project: string | undefined, signal?: AbortSignal): Promise<string> {
  const reply = await callEndpoint(from.requester, 'POST /1.0/images/{fingerprint}/secret', {
    path: { fingerprint: image.fingerprint! },
    query: { project },
    signal,
  });
  const secret = (reply.metadata?.metadata as { secret?: unknown } | null)?.secret;
  if (typeof secret !== 'string') {
    throw new Error(`${from.transport.address} issued no download token for image ${image.fingerprint!.slice(0, 12)}.`);
  }
  return secret;
}

/** Whether the daemon knows where an image came from (it was downloaded by alias), so it can refresh it. */
export function canRefresh(image: Image): boolean {
  return !!image.update_source?.server;
}

export interface RefreshImageOptions extends ProjectOptions {
  onProgress?: (p: Progress) => void;
}

/**
 * Asks the daemon to look for a newer build of a cached image where it came from and to replace it
 * (`POST /1.0/images/{fingerprint}/refresh`, on LXD 5.0 and Incus 6.0). Says whether it did.
 */
export async function refreshImage(client: Client, fingerprint: string, opts: RefreshImageOptions = {}): Promise<{ refreshed: boolean }> {
  const image = await client.images.get(fingerprint, opts);
  if (!canRefresh(image)) {
    throw new Error(
      `Image ${fingerprint.slice(0, 12)} was not downloaded from an image server by alias (it was imported, published or copied by fingerprint), so there is nowhere to refresh it from.`,
    );
  }
  const op = await client.images.refresh(fingerprint, opts).wait({ onProgress: opts.onProgress, signal: opts.signal });
  return { refreshed: (op.metadata as { refreshed?: unknown } | null)?.refreshed === true };
}
