import * as fs from 'node:fs';
import type { ImageServer } from '../client';

/**
 * The image servers a user has: those of `lxd.imageServers` and those of the `lxc` / `incus` CLIs
 * (`images:`, `ubuntu:`, a self-signed one with its `servercerts/<name>.crt`). No `vscode` here.
 */

/** An image server as declared, before its certificate is read. */
export interface DeclaredImageServer {
  name: string;
  /** `lxd.imageServers`, `lxc` or `incus`. */
  origin: string;
  url: string;
  /** As declared: `simplestreams`, `lxd`, `incus`, `oci`, … */
  protocol: string;
  certificatePath?: string;
  project?: string;
  /** The file that declares it; none for a setting or a CLI's built-in remote. */
  definedIn?: string;
}

/** An image server the lists offer images from, or say why they cannot. */
export interface ImageSource {
  /** `images`: written `images:` in lists, as the CLIs write a remote. */
  name: string;
  /** Where it is declared: `lxd.imageServers`, `lxc`, `lxc, incus`. */
  origin: string;
  url: string;
  protocol: string;
  definedIn?: string;
  /** What the client reads, when it can read it. */
  server?: ImageServer;
  /** Why its images cannot be listed. */
  problem?: string;
}

const READABLE = new Set(['simplestreams', 'lxd', 'incus']);

/**
 * One source per server, in the order declared (the setting's first): the same server declared
 * twice (`images:` of lxc and of incus) is listed once, under its first name.
 */
export async function imageSources(declared: DeclaredImageServer[]): Promise<ImageSource[]> {
  const out: ImageSource[] = [];
  const byKey = new Map<string, ImageSource>();
  for (const d of declared) {
    const source = await describe(d);
    const key = JSON.stringify([d.protocol, d.url.replace(/\/+$/, ''), source.server?.project ?? '', source.server?.certificate ?? '']);
    const seen = byKey.get(key);
    if (seen) {
      seen.origin = [...new Set([...seen.origin.split(', '), d.origin])].join(', ');
      continue;
    }
    byKey.set(key, source);
    out.push(source);
  }
  return out;
}

async function describe(d: DeclaredImageServer): Promise<ImageSource> {
  const base = { name: d.name, origin: d.origin, url: d.url, protocol: d.protocol, definedIn: d.definedIn };
  if (!READABLE.has(d.protocol)) {
    return { ...base, problem: `Its protocol is ${d.protocol}: LXD Explorer lists images of simplestreams, LXD and Incus image servers.` };
  }
  if (!/^https:\/\//i.test(d.url)) {
    return { ...base, problem: `Its address ${d.url || '(none)'} is not an https:// URL.` };
  }
  let certificate: string | undefined;
  if (d.certificatePath) {
    try {
      certificate = await fs.promises.readFile(d.certificatePath, 'utf8');
    } catch (e) {
      return { ...base, problem: `Its certificate ${d.certificatePath} cannot be read (${(e as Error).message}).` };
    }
  }
  const server: ImageServer = {
    url: d.url,
    protocol: d.protocol as ImageServer['protocol'],
    ...(certificate ? { certificate } : {}),
    ...(d.project && d.protocol !== 'simplestreams' ? { project: d.project } : {}),
  };
  return { ...base, server };
}
