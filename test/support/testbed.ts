import * as fs from 'node:fs';
import * as path from 'node:path';

/** One daemon of the test bed: the same suites run against each. */
export interface Target {
  /** `lxd` or `incus`. */
  name: 'lxd' | 'incus';
  /** The CLI that talks to this daemon (`lxc` / `incus`), used to check state independently. */
  cli: string;
  socket: string;
  /** `127.0.0.1:8443`, when the daemon listens on HTTPS. */
  https?: string;
  serverCertPath?: string;
  /** Whether the test bed started this daemon (only then may tests stop and restart it). */
  owned: boolean;
  /** The member name when the daemon is clustered (the test bed makes the owned Incus a single-member cluster). */
  clusterMember?: string;
  pool: string;
}

/** The test bed's simplestreams image server (scripts/lib/imageserver.sh). */
export interface TestImageServer {
  /** `https://127.0.0.1:8445`. */
  url: string;
  /** Its self-signed certificate (PEM), and the files of the certificate and key. */
  certificate: string;
  certPath: string;
  keyPath: string;
  /** The served tree (`streams/v1/…`, `images/…`). */
  dir: string;
}

export interface Testbed {
  root: string;
  project: string;
  image: string;
  imageDir: string;
  targets: Target[];
  env: Record<string, string>;
}

let cached: Testbed | undefined;

/**
 * The variables of an env file as scripts/testbed.sh writes it (`export NAME="value"` lines; none
 * when the file is missing), with every LXDX_* variable already in the environment winning.
 */
export function readEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  if (fs.existsSync(file)) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const m = /^(?:export\s+)?([A-Z0-9_]+)="(.*)"$/.exec(line.trim());
      if (m) {
        env[m[1]] = m[2];
      }
    }
  }
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('LXDX_') && v !== undefined) {
      env[k] = v;
    }
  }
  return env;
}

/**
 * Reads `.testbed/env` (written by scripts/testbed.sh); variables already in the environment win.
 * `LXDX_TARGETS=lxd` (or `incus`) limits the run to one daemon.
 */
export function testbed(): Testbed {
  if (cached) {
    return cached;
  }
  const root = path.resolve(__dirname, '../../..');
  const env = readEnvFile(path.join(root, '.testbed', 'env'));
  const owned = (env.LXDX_OWNED ?? '').split(/\s+/);
  const only = env.LXDX_TARGETS?.split(',');
  const targets: Target[] = [];
  for (const name of ['lxd', 'incus'] as const) {
    const upper = name.toUpperCase();
    const socket = env[`LXDX_${upper}_SOCKET`];
    if (!socket || (only && !only.includes(name))) {
      continue;
    }
    targets.push({
      name,
      cli: name === 'lxd' ? 'lxc' : 'incus',
      socket,
      https: env[`LXDX_${upper}_HTTPS`] || undefined,
      serverCertPath: env[`LXDX_${upper}_SERVER_CERT`] || undefined,
      owned: owned.includes(name),
      clusterMember: env[`LXDX_${upper}_CLUSTER_MEMBER`] || undefined,
      pool: env[`LXDX_${upper}_POOL`] ?? 'default',
    });
  }
  if (targets.length === 0) {
    throw new Error('No test daemons configured: run scripts/testbed.sh first (it writes .testbed/env).');
  }
  cached = {
    root,
    project: env.LXDX_PROJECT ?? 'lxdx-test',
    image: env.LXDX_IMAGE ?? 'lxdx-busybox',
    imageDir: env.LXDX_IMAGE_DIR ?? path.join(root, '.testbed', 'image'),
    targets,
    env,
  };
  return cached;
}

/** The test bed's image server; throws when the test bed has none (run scripts/testbed.sh). */
export function testImageServer(): TestImageServer {
  const { env } = testbed();
  const [url, certPath, keyPath, dir] = [
    env.LXDX_IMAGESERVER_URL,
    env.LXDX_IMAGESERVER_CERT,
    env.LXDX_IMAGESERVER_KEY,
    env.LXDX_IMAGESERVER_DIR,
  ];
  if (!url || !certPath || !keyPath || !dir) {
    throw new Error('The test bed has no image server (LXDX_IMAGESERVER_* missing from .testbed/env): run scripts/testbed.sh.');
  }
  return { url, certificate: fs.readFileSync(certPath, 'utf8'), certPath, keyPath, dir };
}

/** A unique, prefixed, valid instance name for one test. */
export function uniqueName(label: string): string {
  return `lxdx-${label}-${uniqueSuffix()}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * A unique prefixed name of at most 11 characters, for what becomes a Linux interface (a bridge:
 * 15 characters at most), with room for a rename suffix.
 */
export function shortName(): string {
  return `lxdx-${uniqueSuffix().slice(-6)}`;
}

function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296)
    .toString(36)
    .padStart(2, '0')}`;
}
