import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface BuiltImage {
  /** A unified image: `metadata.yaml` and `rootfs/` in one gzipped tarball. */
  tarball: Buffer;
  /** What LXD will call it: the SHA-256 of the tarball. */
  fingerprint: string;
  /** The `description` property, unique to this build. */
  description: string;
}

/**
 * A tiny throwaway image with its own fingerprint (a nonce in its properties), so tests can import,
 * change and delete it without touching the shared test image. Its rootfs holds one file: it is
 * for the image API, not for launching.
 */
export function unifiedImage(label: string): BuiltImage {
  return inTempDir((dir) => {
    const description = writeMetadata(dir, label, 'busybox');
    fs.mkdirSync(path.join(dir, 'rootfs', 'etc'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'rootfs', 'etc', 'hostname'), `${label}\n`);
    const tarball = execFileSync('tar', ['-C', dir, '-czf', '-', 'metadata.yaml', 'rootfs']);
    return { tarball, fingerprint: crypto.createHash('sha256').update(tarball).digest('hex'), description };
  });
}

/** Runs `body` in a new temporary directory, removed afterwards. */
function inTempDir<T>(body: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-image-'));
  try {
    return body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes `dir/metadata.yaml` with a description unique to this build; returns the description. */
function writeMetadata(dir: string, label: string, osName: string): string {
  const description = `lxdx ${label} ${crypto.randomBytes(6).toString('hex')}`;
  fs.writeFileSync(
    path.join(dir, 'metadata.yaml'),
    `architecture: x86_64\ncreation_date: ${Math.floor(Date.now() / 1000)}\nproperties:\n  os: ${osName}\n  description: ${description}\n`,
  );
  return description;
}

export interface BuiltVmImage {
  /** `metadata.yaml` alone, gzipped: the first part of a split image. */
  metadata: Buffer;
  /** An empty qcow2 disk: the `rootfs.img` part of a VM image. */
  rootfs: Buffer;
  /** What LXD will call it: the SHA-256 of the metadata tarball followed by the disk. */
  fingerprint: string;
  description: string;
}

/**
 * A throwaway split VM image: a metadata tarball and an empty 64 MiB qcow2 disk (256 KiB on disk),
 * so tests need no qemu-img. The disk holds no partition table: firmware that boots it finds
 * nothing to boot.
 */
export function vmImage(label: string): BuiltVmImage {
  return inTempDir((dir) => {
    const description = writeMetadata(dir, label, 'none');
    const metadata = execFileSync('tar', ['-C', dir, '-czf', '-', 'metadata.yaml']);
    const rootfs = emptyQcow2(64 * 1024 * 1024);
    const fingerprint = crypto.createHash('sha256').update(metadata).update(rootfs).digest('hex');
    return { metadata, rootfs, fingerprint, description };
  });
}

/**
 * An empty qcow2 (version 2) image of `size` bytes, laid out as `qemu-img create -f qcow2` lays
 * it out: the header in cluster 0, the refcount table in 1, its one refcount block in 2 (the four
 * clusters used, counted once each), an L1 table of zeros in 3. 64 KiB clusters; up to 512 MiB.
 */
export function emptyQcow2(size: number): Buffer {
  const cluster = 64 * 1024;
  if (size > (cluster / 8) * cluster) {
    throw new RangeError('emptyQcow2 writes a single L1 entry: 512 MiB at most');
  }
  const buf = Buffer.alloc(3 * cluster + 8);
  buf.writeUInt32BE(0x514649fb, 0); // "QFI\xfb"
  buf.writeUInt32BE(2, 4); // version
  buf.writeUInt32BE(16, 20); // cluster_bits
  buf.writeBigUInt64BE(BigInt(size), 24);
  buf.writeUInt32BE(1, 36); // l1_size
  buf.writeBigUInt64BE(BigInt(3 * cluster), 40); // l1_table_offset
  buf.writeBigUInt64BE(BigInt(cluster), 48); // refcount_table_offset
  buf.writeUInt32BE(1, 56); // refcount_table_clusters
  buf.writeBigUInt64BE(BigInt(2 * cluster), cluster); // refcount table → block
  for (let i = 0; i < 4; i++) {
    buf.writeUInt16BE(1, 2 * cluster + 2 * i);
  }
  return buf;
}
