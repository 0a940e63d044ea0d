// Builds the test bed's simplestreams tree from the busybox test image, laid out as
// images.linuxcontainers.org lays out its own:
//
//   streams/v1/index.json                  the index: one "image-downloads" entry naming its products
//   streams/v1/images.json                 the products, their versions and the items of each version
//   images/<os>/<release>/<arch>/<variant>/<serial>/{lxd.tar.xz,incus.tar.xz,root.tar.xz}
//
// LXD reads the metadata tarball from the item of ftype `lxd.tar.xz`, Incus from `incus.tar.xz`
// (both files carry the same bytes, as on images.linuxcontainers.org); the rootfs is `root.tar.xz`.
// The fingerprint a daemon gives a split image is the SHA-256 of the metadata file followed by the
// rootfs file: `combined_rootxz_sha256` (and the older `combined_sha256`) on the metadata item. Each
// product has its own metadata.yaml, so each has its own fingerprint, none of them the one of the
// lxdx-busybox image the test bed imports directly.
//
// Everything is reproducible (tar with fixed owners and mtimes, single-threaded xz), so the same
// busybox gives the same tree and the same fingerprints on every run.
//
//   node scripts/lib/simplestreams-tree.mjs --image DIR --out DIR --release 1.35 --epoch SECONDS
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { image: { type: 'string' }, out: { type: 'string' }, release: { type: 'string' }, epoch: { type: 'string' } },
});
for (const k of ['image', 'out', 'release', 'epoch']) {
  if (!args[k]) {
    throw new Error(`--${k} is required`);
  }
}
const epoch = Number(args.epoch);
const serial = serialOf(epoch);

/** The products: what `images:` would call busybox/<release>, its cloud variant and an edge release. */
const products = [
  { release: args.release, variant: 'default', aliases: [`busybox/${args.release}/default`, `busybox/${args.release}`] },
  { release: args.release, variant: 'cloud', aliases: [`busybox/${args.release}/cloud`] },
  { release: 'edge', variant: 'default', aliases: ['busybox/edge/default', 'busybox/edge'] },
];
const arch = { simplestreams: 'amd64', metadata: 'x86_64' };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-streams-'));
try {
  const rootXz = path.join(tmp, 'root.tar.xz');
  fs.writeFileSync(rootXz, xz(execFileSync('gzip', ['-dc', path.join(args.image, 'rootfs.tar.gz')], { maxBuffer: 1 << 30 })));
  const root = describe(rootXz);

  fs.rmSync(args.out, { recursive: true, force: true });
  const catalogue = {};
  for (const p of products) {
    const id = `busybox:${p.release}:${arch.simplestreams}:${p.variant}`;
    const dir = `images/busybox/${p.release}/${arch.simplestreams}/${p.variant}/${serial}`;
    fs.mkdirSync(path.join(args.out, dir), { recursive: true });
    const meta = metadataTarball(p, id);
    for (const name of ['lxd.tar.xz', 'incus.tar.xz']) {
      fs.writeFileSync(path.join(args.out, dir, name), meta);
    }
    fs.copyFileSync(rootXz, path.join(args.out, dir, 'root.tar.xz'));
    const metaInfo = { size: meta.length, sha256: sha256(meta) };
    const combined = sha256(Buffer.concat([meta, fs.readFileSync(rootXz)]));
    const metaItem = (ftype) => ({
      ftype,
      path: `${dir}/${ftype}`,
      ...metaInfo,
      combined_sha256: combined,
      combined_rootxz_sha256: combined,
    });
    catalogue[id] = {
      aliases: p.aliases.join(','),
      arch: arch.simplestreams,
      os: 'Busybox',
      release: p.release,
      release_title: p.release,
      variant: p.variant,
      requirements: {},
      versions: {
        [serial]: {
          items: {
            'incus.tar.xz': metaItem('incus.tar.xz'),
            'lxd.tar.xz': metaItem('lxd.tar.xz'),
            'root.tar.xz': { ftype: 'root.tar.xz', path: `${dir}/root.tar.xz`, ...root },
          },
        },
      },
    };
  }

  const updated = new Date(epoch * 1000).toUTCString();
  const streams = path.join(args.out, 'streams', 'v1');
  fs.mkdirSync(streams, { recursive: true });
  writeJson(path.join(streams, 'images.json'), {
    content_id: 'images',
    datatype: 'image-downloads',
    format: 'products:1.0',
    products: catalogue,
    updated,
  });
  writeJson(path.join(streams, 'index.json'), {
    format: 'index:1.0',
    index: {
      images: {
        datatype: 'image-downloads',
        format: 'products:1.0',
        path: 'streams/v1/images.json',
        products: Object.keys(catalogue).sort(),
        updated,
      },
    },
  });
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** `20260507_20:33`: the version name simplestreams clients read the image's date from. */
function serialOf(seconds) {
  const d = new Date(seconds * 1000).toISOString();
  return `${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}_${d.slice(11, 16)}`;
}

/** The metadata tarball of one product, as distrobuilder writes it: metadata.yaml with its properties. */
function metadataTarball(p, id) {
  const dir = fs.mkdtempSync(path.join(tmp, 'meta-'));
  const description = `Busybox ${p.release} ${arch.simplestreams} (${p.variant}) (${serial})`;
  const yaml = [
    `architecture: ${arch.metadata}`,
    `creation_date: ${epoch}`,
    'properties:',
    `  architecture: ${arch.simplestreams}`,
    `  description: ${description}`,
    `  name: ${id.replaceAll(':', '-')}-${serial}`,
    '  os: Busybox',
    `  release: "${p.release}"`,
    `  serial: "${serial}"`,
    `  variant: ${p.variant}`,
    'templates: {}',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'metadata.yaml'), yaml);
  fs.utimesSync(path.join(dir, 'metadata.yaml'), epoch, epoch);
  const tar = execFileSync('tar', [
    '--sort=name',
    `--mtime=@${epoch}`,
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '-C',
    dir,
    '-cf',
    '-',
    'metadata.yaml',
  ]);
  return xz(tar);
}

function xz(input) {
  return execFileSync('xz', ['--threads=1', '-6', '-c'], { input, maxBuffer: 1 << 30 });
}

function describe(file) {
  const bytes = fs.readFileSync(file);
  return { size: bytes.length, sha256: sha256(bytes) };
}

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
