import * as assert from 'node:assert/strict';
import type { Image } from '../../../src/generated';
import {
  ImageServerError,
  InstanceBuilder,
  RemoteImage,
  architectureName,
  imagesFromLxd,
  imagesFromProducts,
  productPaths,
  remoteImageRef,
} from '../../../src/client';
import { hash, item, lxcBuild, product, productsDoc } from './streamsFixtures';

const URL_ = 'https://images.example/streams/v1/images.json';

const byFingerprint = (images: RemoteImage[], fp: string): RemoteImage => {
  const found = images.find((i) => i.fingerprint === fp);
  assert.ok(found, `an image with fingerprint ${fp.slice(0, 12)} among ${images.map((i) => i.fingerprint.slice(0, 12)).join(', ')}`);
  return found;
};

describe('image servers: simplestreams index', () => {
  it('lists the products files of image-downloads entries, as LXD reads them', () => {
    const index = {
      format: 'index:1.0',
      index: {
        images: {
          datatype: 'image-downloads',
          path: 'streams/v1/images.json',
          format: 'products:1.0',
          products: ['debian:bookworm:amd64:default'],
        },
        empty: { datatype: 'image-downloads', path: 'streams/v1/empty.json', products: [] },
        'com.ubuntu.cloud:released:aws': { datatype: 'image-ids', path: 'streams/v1/aws.json', products: ['x'] },
      },
    };
    assert.deepEqual(productPaths(index, 'https://x/streams/v1/index.json'), ['streams/v1/images.json']);
  });

  it('says a document without an index is not a simplestreams index', () => {
    assert.throws(
      () => productPaths({ format: 'products:1.0' }, 'https://x/streams/v1/index.json'),
      (e: unknown) => e instanceof ImageServerError && /not a simplestreams index/.test(e.message),
    );
    assert.throws(() => productPaths(null, 'https://x/i.json'), ImageServerError);
  });

  it('says a products file without products is not one', () => {
    assert.throws(
      () => imagesFromProducts({ index: {} }, URL_),
      (e: unknown) => e instanceof ImageServerError && e.url === URL_,
    );
  });
});

describe('image servers: simplestreams products', () => {
  const dir = 'images/debian/bookworm/amd64/default/20240102_05:24';
  /** A products file with Debian 12 for one architecture, as images.linuxcontainers.org lists it. */
  const debianDoc = (
    versions: Record<string, Record<string, Record<string, unknown>>>,
    opts: { arch?: string; aliases?: string } = {},
  ): Record<string, unknown> =>
    productsDoc({
      [`debian:bookworm:${opts.arch ?? 'amd64'}:default`]: product({
        os: 'Debian',
        release: 'bookworm',
        arch: opts.arch ?? 'amd64',
        variant: 'default',
        aliases: opts.aliases ?? 'debian/12',
        versions,
      }),
    });
  const debian = debianDoc(
    { '20240102_05:24': lxcBuild(dir, { vm: true, rootxz: true }) },
    { aliases: 'debian/bookworm/default,debian/bookworm,debian/12/default,debian/12' },
  );

  it('reads a container and a virtual machine from one build, with the aliases users type', () => {
    const images = imagesFromProducts(debian, URL_, { flavour: 'lxd' });
    const container = byFingerprint(images, hash(`${dir} lxd squashfs`));
    assert.deepEqual(container.aliases, ['debian/bookworm/default', 'debian/bookworm', 'debian/12/default', 'debian/12']);
    assert.equal(container.type, 'container');
    assert.equal(container.os, 'Debian');
    assert.equal(container.release, 'bookworm');
    assert.equal(container.variant, 'default');
    assert.equal(container.architecture, 'x86_64', "LXD's name for amd64");
    assert.equal(container.size, 1010, 'metadata and rootfs');
    assert.equal(container.serial, '20240102_05:24');
    assert.equal(container.createdAt.toISOString(), '2024-01-02T00:00:00.000Z');
    assert.equal(container.description, 'Debian bookworm amd64 (20240102_05:24)');

    const vm = byFingerprint(images, hash(`${dir} lxd disk`));
    assert.equal(vm.type, 'virtual-machine');
    assert.deepEqual(vm.aliases, container.aliases, 'aliases resolve per type, so the VM has them too');
    assert.equal(vm.size, 5010);
  });

  it('gives the aliases to the squashfs build and none to the root.tar.xz one of the same build, as the daemons prefer squashfs', () => {
    const images = imagesFromProducts(debian, URL_, { flavour: 'lxd' });
    assert.deepEqual(byFingerprint(images, hash(`${dir} lxd rootxz`)).aliases, []);
    assert.equal(images.length, 3);
  });

  it("uses the fingerprint of the metadata the daemon reads: LXD's lxd.tar.xz, Incus' incus.tar.xz", () => {
    const lxd = imagesFromProducts(debian, URL_, { flavour: 'lxd' }).map((i) => i.fingerprint);
    const incus = imagesFromProducts(debian, URL_, { flavour: 'incus' }).map((i) => i.fingerprint);
    assert.ok(lxd.includes(hash(`${dir} lxd squashfs`)) && !lxd.includes(hash(`${dir} incus squashfs`)));
    assert.ok(incus.includes(hash(`${dir} incus squashfs`)) && !incus.includes(hash(`${dir} lxd squashfs`)));
    assert.deepEqual(
      imagesFromProducts(debian, URL_).map((i) => i.fingerprint),
      lxd,
      "without a daemon, LXD's",
    );
  });

  it('reads a build that carries only Incus metadata when no daemon is named, and none of it for LXD', () => {
    const only = lxcBuild(dir);
    delete only['lxd.tar.xz'];
    const doc = debianDoc({ '20240102': only });
    assert.deepEqual(
      imagesFromProducts(doc, URL_).map((i) => i.fingerprint),
      [hash(`${dir} incus squashfs`)],
    );
    assert.deepEqual(imagesFromProducts(doc, URL_, { flavour: 'lxd' }), []);
  });

  it('gives the aliases to the newest build only; older builds stay listed under their fingerprint', () => {
    const older = 'images/debian/bookworm/amd64/default/20231230_05:24';
    const doc = debianDoc({ '20231230_05:24': lxcBuild(older), '20240102_05:24': lxcBuild(dir) });
    const images = imagesFromProducts(doc, URL_, { flavour: 'lxd' });
    assert.deepEqual(byFingerprint(images, hash(`${dir} lxd squashfs`)).aliases, ['debian/12']);
    assert.deepEqual(byFingerprint(images, hash(`${older} lxd squashfs`)).aliases, []);
    assert.deepEqual(
      images.map((i) => i.serial),
      ['20240102_05:24', '20231230_05:24'],
      'newest first',
    );
  });

  it('gives the same alias to each architecture, which the daemon resolves to its own', () => {
    const arm = 'images/debian/bookworm/arm64/default/20240102_05:24';
    const doc = productsDoc({
      ...(debianDoc({ '20240102_05:24': lxcBuild(dir) }).products as object),
      ...(debianDoc({ '20240102_05:24': lxcBuild(arm) }, { arch: 'arm64' }).products as object),
    });
    const images = imagesFromProducts(doc, URL_, { flavour: 'lxd' });
    assert.deepEqual(
      images.map((i) => [i.architecture, i.aliases]),
      [
        ['aarch64', ['debian/12']],
        ['x86_64', ['debian/12']],
      ],
    );
  });

  it('reads cloud-images.ubuntu.com: aliases without an OS, release titles, several builds', () => {
    const ubuntu = (serial: string): Record<string, Record<string, unknown>> => ({
      'lxd.tar.xz': item(`server/releases/noble/release-${serial}/ubuntu-24.04-server-cloudimg-amd64-lxd.tar.xz`, {
        ftype: 'lxd.tar.xz',
        size: 500,
        combined: {
          combined_squashfs_sha256: hash(`noble ${serial} squashfs`),
          'combined_disk-kvm-img_sha256': hash(`noble ${serial} disk`),
        },
      }),
      squashfs: item(`server/releases/noble/release-${serial}/ubuntu-24.04-server-cloudimg-amd64.squashfs`, {
        ftype: 'squashfs',
        size: 300_000_000,
      }),
      'disk1.img': item(`server/releases/noble/release-${serial}/ubuntu-24.04-server-cloudimg-amd64.img`, {
        ftype: 'disk1.img',
        size: 600_000_000,
      }),
      'disk-kvm.img': item(`server/releases/noble/release-${serial}/ubuntu-24.04-server-cloudimg-amd64-disk-kvm.img`, {
        ftype: 'disk-kvm.img',
        size: 550_000_000,
      }),
    });
    const doc = productsDoc({
      'com.ubuntu.cloud:server:24.04:amd64': product({
        os: 'ubuntu',
        release: 'noble',
        release_title: '24.04 LTS',
        arch: 'amd64',
        aliases: '24.04,noble,default,lts,n',
        versions: { '20240423': ubuntu('20240423'), '20240521': ubuntu('20240521') },
      }),
    });
    const images = imagesFromProducts(doc, 'https://cloud-images.ubuntu.com/releases/streams/v1/com.ubuntu.cloud:released:download.json', {
      flavour: 'lxd',
    });
    const latest = byFingerprint(images, hash('noble 20240521 squashfs'));
    assert.deepEqual(latest.aliases, ['24.04', 'noble', 'default', 'lts', 'n']);
    assert.equal(latest.releaseTitle, '24.04 LTS');
    assert.equal(latest.description, 'ubuntu 24.04 LTS amd64 (20240521)');
    assert.deepEqual(byFingerprint(images, hash('noble 20240521 disk')).aliases, latest.aliases);
    assert.deepEqual(byFingerprint(images, hash('noble 20240423 squashfs')).aliases, []);
    assert.equal(images.length, 4, 'disk1.img has no combined hash on the metadata: not an image the daemons offer');
  });

  it('reads a combined tarball as one image whose fingerprint is its own SHA-256', () => {
    const doc = productsDoc({
      'alpine:3.19:amd64:default': product({
        os: 'Alpine',
        release: '3.19',
        arch: 'amd64',
        aliases: 'alpine/3.19',
        versions: {
          '20240101_13:00': {
            'lxd_combined.tar.gz': item('images/alpine/lxd_combined.tar.gz', {
              ftype: 'lxd_combined.tar.gz',
              size: 4242,
              sha256: hash('combined'),
            }),
          },
        },
      }),
    });
    const [image] = imagesFromProducts(doc, URL_, { flavour: 'lxd' });
    assert.equal(image.fingerprint, hash('combined'));
    assert.equal(image.size, 4242);
    assert.deepEqual(image.aliases, ['alpine/3.19']);
  });

  it('skips what the daemons skip: unknown architectures, builds not named by date, builds without metadata', () => {
    const noMeta = lxcBuild(dir);
    delete noMeta['lxd.tar.xz'];
    delete noMeta['incus.tar.xz'];
    const doc = productsDoc({
      ...(debianDoc({ '20240102_05:24': lxcBuild(dir) }, { arch: 'sparc' }).products as object),
      ...(debianDoc({ latest: lxcBuild(dir), '20241399': lxcBuild(dir), '20240102': noMeta }).products as object),
      broken: 'not a product' as unknown as Record<string, unknown>,
    });
    assert.deepEqual(imagesFromProducts(doc, URL_), []);
  });
});

describe('image servers: LXD and Incus servers', () => {
  const image = (fields: Partial<Image>): Image => ({
    fingerprint: hash('img'),
    public: true,
    architecture: 'x86_64',
    type: 'container',
    size: 1234,
    created_at: '2024-03-01T10:00:00Z',
    aliases: [{ name: 'web/base', description: '' }],
    properties: { os: 'Debian', release: '12', variant: 'cloud', description: 'Debian 12 cloud', serial: '20240301' },
    ...fields,
  });

  it('lists the public images with their aliases and properties', () => {
    const [listed, ...rest] = imagesFromLxd([image({}), image({ fingerprint: hash('private'), public: false })]);
    assert.deepEqual(rest, [], 'a private image is not offered');
    assert.deepEqual(listed, {
      fingerprint: hash('img'),
      aliases: ['web/base'],
      os: 'Debian',
      release: '12',
      releaseTitle: undefined,
      variant: 'cloud',
      architecture: 'x86_64',
      type: 'container',
      description: 'Debian 12 cloud',
      size: 1234,
      createdAt: new Date('2024-03-01T10:00:00Z'),
      serial: '20240301',
    });
  });

  it('describes an image without properties by its fingerprint', () => {
    const [listed] = imagesFromLxd([image({ properties: {}, aliases: null, type: 'virtual-machine' })]);
    assert.equal(listed.description, hash('img'));
    assert.deepEqual(listed.aliases, []);
    assert.equal(listed.type, 'virtual-machine');
  });
});

describe('image servers: the source a daemon downloads from', () => {
  const server = {
    url: 'https://127.0.0.1:8445',
    protocol: 'simplestreams' as const,
    certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  };
  const busybox = { fingerprint: hash('busybox'), aliases: ['busybox/edge', 'busybox/edge/default'], architecture: 'x86_64' };

  it('names the image by alias for the server’s own architecture, with the pinned certificate', () => {
    assert.deepEqual(remoteImageRef(server, busybox, { kind: 'lxd', architecture: 'x86_64' }), {
      server: 'https://127.0.0.1:8445',
      protocol: 'simplestreams',
      alias: 'busybox/edge',
      certificate: server.certificate,
    });
  });

  it('names the image by the alias the user chose, when it is one of the image’s', () => {
    assert.equal(remoteImageRef(server, busybox, { alias: 'busybox/edge/default' }).alias, 'busybox/edge/default');
    assert.equal(remoteImageRef(server, busybox, { alias: 'debian/12' }).alias, 'busybox/edge');
  });

  it('names the image by fingerprint for another architecture (an alias resolves to the daemon’s own) or when it has no alias', () => {
    assert.equal(remoteImageRef(server, { ...busybox, architecture: 'i686' }, { architecture: 'x86_64' }).fingerprint, hash('busybox'));
    assert.equal(remoteImageRef(server, { ...busybox, aliases: [] }).fingerprint, hash('busybox'));
    assert.equal(remoteImageRef(server, { ...busybox, aliases: [] }).alias, undefined);
  });

  it("names an LXD or Incus server's protocol as the daemon that downloads wants it, and leaves out the project instance creation ignores", () => {
    const incus = { url: 'https://incus.example:8443', protocol: 'incus' as const, project: 'images' };
    const lxd = { ...incus, protocol: 'lxd' as const };
    assert.equal(remoteImageRef(incus, busybox, { kind: 'lxd' }).protocol, 'lxd', 'LXD 5.0 knows no `incus`');
    assert.equal(remoteImageRef(lxd, busybox, { kind: 'incus' }).protocol, 'incus', 'Incus cannot record `lxd` as a source');
    assert.equal(remoteImageRef(incus, busybox).protocol, 'incus');
    assert.equal(remoteImageRef(lxd, busybox).protocol, 'lxd');
    assert.equal(remoteImageRef(server, busybox, { kind: 'incus' }).protocol, 'simplestreams');
    assert.equal(remoteImageRef(incus, busybox).project, undefined);
    assert.equal(remoteImageRef(incus, busybox).certificate, undefined);
  });

  it('puts the certificate, project and secret into the instance source, in pull mode, and leaves out what is not given', () => {
    const ref = { ...remoteImageRef(server, busybox), project: 'p', secret: 's3cret' };
    assert.deepEqual(new InstanceBuilder('web').image(ref).build().source, {
      type: 'image',
      server: 'https://127.0.0.1:8445',
      protocol: 'simplestreams',
      mode: 'pull',
      alias: 'busybox/edge',
      certificate: server.certificate,
      project: 'p',
      secret: 's3cret',
    });
    assert.deepEqual(
      new InstanceBuilder('web').image({ server: 'https://images.example', protocol: 'simplestreams', alias: 'debian/12' }).build().source,
      {
        type: 'image',
        server: 'https://images.example',
        protocol: 'simplestreams',
        mode: 'pull',
        alias: 'debian/12',
      },
    );
  });
});

describe('image servers: architectures', () => {
  it("maps the names simplestreams uses to LXD's, and knows LXD's own", () => {
    assert.deepEqual(
      ['amd64', 'arm64', 'armhf', 'i386', 'ppc64el', 's390x', 'riscv64', 'loong64', 'x86_64', 'aarch64'].map(architectureName),
      ['x86_64', 'aarch64', 'armv7l', 'i686', 'ppc64le', 's390x', 'riscv64', 'loongarch64', 'x86_64', 'aarch64'],
    );
    assert.equal(architectureName('sparc'), undefined);
  });
});
