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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-image-'));
  try {
    const description = `lxdx ${label} ${crypto.randomBytes(6).toString('hex')}`;
    fs.writeFileSync(
      path.join(dir, 'metadata.yaml'),
      `architecture: x86_64\ncreation_date: ${Math.floor(Date.now() / 1000)}\nproperties:\n  os: busybox\n  description: ${description}\n`,
    );
    fs.mkdirSync(path.join(dir, 'rootfs', 'etc'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'rootfs', 'etc', 'hostname'), `${label}\n`);
    const tarball = execFileSync('tar', ['-C', dir, '-czf', '-', 'metadata.yaml', 'rootfs']);
    return { tarball, fingerprint: crypto.createHash('sha256').update(tarball).digest('hex'), description };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
