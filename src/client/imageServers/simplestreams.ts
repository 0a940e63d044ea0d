import type { ServerKind } from '../api/server';
import { architectureName } from './architectures';
import { ImageServerError } from './errors';
import type { RemoteImage } from './types';

/**
 * Reads a simplestreams tree the way LXD's and Incus' `shared/simplestreams` do, so that the list
 * shows what `lxc image list images:` shows and every fingerprint is the one the daemon will
 * resolve: `streams/v1/index.json` names products files (entries of datatype `image-downloads`);
 * each product (`debian:bookworm:amd64:cloud`) has versions named by build serial, and each version
 * items: a metadata tarball plus a rootfs (`squashfs`, `root.tar.xz`, a VM disk) or one combined
 * tarball. The image's fingerprint is the `combined_*_sha256` of its metadata item for that rootfs.
 */

interface Item {
  ftype?: string;
  path?: string;
  size?: number;
  sha256?: string;
  [combined: `combined_${string}`]: string | undefined;
}

interface Product {
  aliases?: string;
  arch?: string;
  os?: string;
  release?: string;
  release_title?: string;
  variant?: string;
  versions?: Record<string, { items?: Record<string, Item>; label?: string }>;
}

/** The products files an index lists, relative to the server's URL. */
export function productPaths(index: unknown, url: string): string[] {
  const entries = (index as { index?: unknown } | null)?.index;
  if (!isObject(entries)) {
    throw new ImageServerError(url, `${url} is not a simplestreams index: it has no "index".`);
  }
  return Object.values(entries)
    .filter(
      (e): e is { path: string } =>
        isObject(e) && e.datatype === 'image-downloads' && Array.isArray(e.products) && e.products.length > 0 && typeof e.path === 'string',
    )
    .map((e) => e.path);
}

/** Which metadata items a daemon reads: LXD `lxd.tar.xz`, Incus (6.0 too) only `incus.tar.xz`. */
const METADATA: Record<ServerKind, { split: string; combined: string }> = {
  lxd: { split: 'lxd.tar.xz', combined: 'lxd_combined.tar.gz' },
  incus: { split: 'incus.tar.xz', combined: 'incus_combined.tar.gz' },
};

/** Root items and the metadata item's field that holds the fingerprint of metadata + that root. */
const ROOTS: Record<string, { fingerprint: string[]; type: RemoteImage['type'] }> = {
  squashfs: { fingerprint: ['combined_squashfs_sha256'], type: 'container' },
  'root.tar.xz': { fingerprint: ['combined_rootxz_sha256', 'combined_sha256'], type: 'container' },
  'disk-kvm.img': { fingerprint: ['combined_disk-kvm-img_sha256'], type: 'virtual-machine' },
  'uefi1.img': { fingerprint: ['combined_uefi1-img_sha256'], type: 'virtual-machine' },
  'disk1.img': { fingerprint: ['combined_disk1-img_sha256'], type: 'virtual-machine' },
};

/** The order in which the daemons prefer one rootfs over another for the same build. */
const ROOT_PREFERENCE = Object.keys(ROOTS);

export interface ProductsOptions {
  /**
   * The daemon that will download the images: their fingerprints depend on which metadata item it
   * reads. Without it, LXD's items are read and a build that has only Incus' items is read with those.
   */
  flavour?: ServerKind;
}

/** The images of a products file (`streams/v1/images.json`), with their aliases as the daemons assign them. */
export function imagesFromProducts(doc: unknown, url: string, opts: ProductsOptions = {}): RemoteImage[] {
  const products = (doc as { products?: unknown } | null)?.products;
  if (!isObject(products)) {
    throw new ImageServerError(url, `${url} is not a simplestreams products file: it has no "products".`);
  }
  const found: Candidate[] = [];
  for (const product of Object.values(products)) {
    if (isObject(product)) {
      found.push(...productImages(product as Product, opts));
    }
  }
  return assignAliases(found);
}

interface Candidate {
  image: RemoteImage;
  aliases: string[];
  rootType: string;
}

function productImages(product: Product, opts: ProductsOptions): Candidate[] {
  const architecture = architectureName(product.arch ?? '');
  if (!architecture || !isObject(product.versions)) {
    return [];
  }
  const out: Candidate[] = [];
  for (const [serial, version] of Object.entries(product.versions)) {
    const createdAt = serialDate(serial);
    if (!createdAt || !isObject(version)) {
      continue;
    }
    const items = Object.values(isObject(version.items) ? version.items : {}).filter(isObject) as Item[];
    const kind = opts.flavour ?? (items.some((i) => i.ftype === METADATA.lxd.split || i.ftype === METADATA.lxd.combined) ? 'lxd' : 'incus');
    const base = { serial, createdAt, architecture, label: version.label };
    for (const meta of items.filter((i) => i.ftype === METADATA[kind].combined && i.sha256)) {
      out.push(candidate(product, base, { fingerprint: meta.sha256!, size: meta.size ?? 0, rootType: 'tar.gz', type: 'container' }));
    }
    for (const meta of items.filter((i) => i.ftype === METADATA[kind].split)) {
      for (const root of items) {
        const known = ROOTS[root.ftype ?? ''];
        const fingerprint = known?.fingerprint.map((f) => meta[f as `combined_${string}`]).find((f) => f);
        if (known && fingerprint) {
          out.push(
            candidate(product, base, { fingerprint, size: (meta.size ?? 0) + (root.size ?? 0), rootType: root.ftype!, type: known.type }),
          );
        }
      }
    }
  }
  return out;
}

function candidate(
  product: Product,
  base: { serial: string; createdAt: Date; architecture: string; label?: string },
  file: { fingerprint: string; size: number; rootType: string; type: RemoteImage['type'] },
): Candidate {
  const os = product.os ?? '';
  const releaseTitle = product.release_title || undefined;
  const label = base.label ? ` (${base.label})` : '';
  return {
    aliases: (product.aliases ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    rootType: file.rootType,
    image: {
      fingerprint: file.fingerprint,
      aliases: [],
      os,
      release: product.release ?? '',
      releaseTitle,
      variant: product.variant || undefined,
      architecture: base.architecture,
      type: file.type,
      description: `${os} ${releaseTitle ?? ''} ${product.arch}${label} (${base.serial})`,
      size: file.size,
      createdAt: base.createdAt,
      serial: base.serial,
    },
  };
}

/**
 * Gives each alias to the newest build of each architecture and type, preferring squashfs over
 * root.tar.xz, as the daemons resolve aliases (`sortedImages`, `applyAliases`): older builds keep
 * their fingerprint but no alias. Sorted as `lxc image list` sorts.
 */
function assignAliases(found: Candidate[]): RemoteImage[] {
  const byKey = (c: Candidate): string[] => [c.image.os, c.image.release, c.image.variant ?? '', c.image.architecture];
  found.sort((a, b) => {
    const ka = byKey(a);
    const kb = byKey(b);
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i]) {
        return ka[i] < kb[i] ? -1 : 1;
      }
    }
    if (a.image.serial !== b.image.serial) {
      return a.image.serial! > b.image.serial! ? -1 : 1;
    }
    return rank(a.rootType) - rank(b.rootType);
  });
  const taken = new Set<string>();
  const seen = new Set<string>();
  const out: RemoteImage[] = [];
  for (const c of found) {
    if (seen.has(c.image.fingerprint)) {
      continue;
    }
    seen.add(c.image.fingerprint);
    for (const name of c.aliases) {
      const key = `${name}\0${c.image.type}\0${c.image.architecture}`;
      if (!taken.has(key)) {
        taken.add(key);
        c.image.aliases.push(name);
      }
    }
    out.push(c.image);
  }
  return out;
}

function rank(rootType: string): number {
  const i = ROOT_PREFERENCE.indexOf(rootType);
  return i < 0 ? ROOT_PREFERENCE.length : i;
}

/** A build serial starts with its date (`20240101_05:24`, `20240101`); the daemons skip versions that do not. */
function serialDate(serial: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(serial);
  if (!m) {
    return undefined;
  }
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]) ? date : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
