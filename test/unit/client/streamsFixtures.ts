/**
 * Small builders for simplestreams documents, shaped as images.linuxcontainers.org and
 * cloud-images.ubuntu.com serve them (fields trimmed to what clients read).
 */

export interface ItemSpec {
  ftype: string;
  size?: number;
  /** For metadata items: the combined hashes, keyed by their field (`combined_squashfs_sha256`, …). */
  combined?: Record<string, string>;
  sha256?: string;
}

export function item(path: string, spec: ItemSpec): Record<string, unknown> {
  return { ftype: spec.ftype, path, size: spec.size ?? 100, sha256: spec.sha256 ?? hash(`${path}`), ...spec.combined };
}

export function product(fields: {
  os: string;
  release: string;
  arch: string;
  aliases: string;
  variant?: string;
  release_title?: string;
  versions: Record<string, Record<string, Record<string, unknown>>>;
}): Record<string, unknown> {
  const versions = Object.fromEntries(Object.entries(fields.versions).map(([serial, items]) => [serial, { items }]));
  return { ...fields, release_title: fields.release_title ?? fields.release, versions };
}

export function productsDoc(products: Record<string, Record<string, unknown>>): Record<string, unknown> {
  return { content_id: 'images', datatype: 'image-downloads', format: 'products:1.0', products };
}

/** A fake but well-formed SHA-256 derived from a label, so fixtures read as what they stand for. */
export function hash(label: string): string {
  let h = 0;
  for (const c of label) {
    h = (h * 31 + c.charCodeAt(0)) >>> 0;
  }
  return h.toString(16).padStart(8, '0').repeat(8);
}

/**
 * One build of an images.linuxcontainers.org product: metadata for LXD and Incus (their combined
 * hashes differ when their bytes do), a squashfs and a root.tar.xz for containers, a disk for VMs.
 */
export function lxcBuild(dir: string, opts: { vm?: boolean; rootxz?: boolean } = {}): Record<string, Record<string, unknown>> {
  const combined = (who: string): Record<string, string> => ({
    combined_squashfs_sha256: hash(`${dir} ${who} squashfs`),
    combined_rootxz_sha256: hash(`${dir} ${who} rootxz`),
    combined_sha256: hash(`${dir} ${who} rootxz`),
    ...(opts.vm ? { 'combined_disk-kvm-img_sha256': hash(`${dir} ${who} disk`) } : {}),
  });
  // In the order the server writes them (by name): root.tar.xz comes before the preferred squashfs.
  return {
    ...(opts.vm ? { 'disk.qcow2': item(`${dir}/disk.qcow2`, { ftype: 'disk-kvm.img', size: 5000 }) } : {}),
    'incus.tar.xz': item(`${dir}/incus.tar.xz`, { ftype: 'incus.tar.xz', size: 10, combined: combined('incus') }),
    'lxd.tar.xz': item(`${dir}/lxd.tar.xz`, { ftype: 'lxd.tar.xz', size: 10, combined: combined('lxd') }),
    ...(opts.rootxz ? { 'root.tar.xz': item(`${dir}/root.tar.xz`, { ftype: 'root.tar.xz', size: 900 }) } : {}),
    'rootfs.squashfs': item(`${dir}/rootfs.squashfs`, { ftype: 'squashfs', size: 1000 }),
  };
}
