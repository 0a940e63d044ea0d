import * as assert from 'node:assert/strict';
import type { Image } from '../../../src/generated';
import {
  ImageFacts,
  compareImages,
  imageDescription,
  imageDetail,
  imageLabel,
  localFacts,
  matchesQuery,
  sameImage,
  userAlias,
  visibleImages,
} from '../../../src/imageServers/choices';

/** An image as images.linuxcontainers.org lists it (its aliases in the server's order). */
function lxc(os: string, release: string, number: string | undefined, fields: Partial<ImageFacts> = {}): ImageFacts {
  const variant = fields.variant ?? 'default';
  const names = [release, ...(number ? [number] : [])];
  const aliases = names.flatMap((n) => (variant === 'default' ? [`${os}/${n}/default`, `${os}/${n}`] : [`${os}/${n}/${variant}`]));
  return {
    aliases,
    os: os[0].toUpperCase() + os.slice(1),
    release,
    variant,
    architecture: 'x86_64',
    type: 'container',
    fingerprint: `${os}${release}${variant}${fields.architecture ?? ''}${fields.type ?? ''}`.padEnd(64, '0'),
    size: 100 * 1024 * 1024,
    serial: '20240101_05:24',
    server: 'images',
    ...fields,
  };
}

const ubuntu = (fields: Partial<ImageFacts> = {}): ImageFacts => ({
  aliases: ['24.04', 'noble', 'lts', 'default', 'n'],
  os: 'ubuntu',
  release: 'noble',
  releaseTitle: '24.04 LTS',
  architecture: 'x86_64',
  type: 'container',
  fingerprint: 'a'.repeat(64),
  server: 'ubuntu',
  ...fields,
});

describe('image choices: how an image is named', () => {
  it('names an image by the alias users type: the release by number, the default variant left out', () => {
    assert.equal(userAlias(lxc('debian', 'bookworm', '12').aliases), 'debian/12');
    assert.equal(userAlias(lxc('debian', 'bookworm', '12', { variant: 'cloud' }).aliases), 'debian/12/cloud');
    assert.equal(userAlias(ubuntu().aliases), '24.04');
    assert.equal(userAlias(lxc('busybox', 'edge', undefined).aliases), 'busybox/edge');
    assert.equal(userAlias([]), undefined);
  });

  it('writes an image server’s image as the CLIs do (images:debian/12), a local one by its alias, description or fingerprint', () => {
    assert.equal(imageLabel(lxc('debian', 'bookworm', '12')), 'images:debian/12');
    assert.equal(imageLabel(lxc('debian', 'bookworm', '12', { aliases: [] })), 'images:debianbookwo');
    const local = (fields: Partial<Image>): string => imageLabel(localFacts({ fingerprint: 'c126a02a07886a38c01e', ...fields } as Image));
    assert.equal(local({ aliases: [{ name: 'lxdx-busybox' }], properties: { description: 'busybox test image' } }), 'lxdx-busybox');
    assert.equal(local({ properties: { description: 'busybox test image' } }), 'busybox test image');
    assert.equal(local({}), 'c126a02a0788');
  });

  it('describes what search finds it by, and details its size, build and other aliases', () => {
    assert.equal(
      imageDescription(lxc('debian', 'bookworm', '12', { variant: 'cloud', type: 'virtual-machine' })),
      'Debian bookworm · cloud · x86_64 · VM',
    );
    assert.equal(imageDescription(ubuntu()), 'ubuntu noble (24.04 LTS) · x86_64 · container');
    assert.equal(
      imageDetail(lxc('debian', 'bookworm', '12')),
      '100 MiB · build 20240101_05:24 · also debian/bookworm/default, debian/bookworm, debian/12/default',
    );
    assert.equal(
      imageDetail({ ...localFacts({ fingerprint: 'c126a02a07886a38c01e', size: 1035333 } as Image) }),
      '1011 KiB · c126a02a0788',
    );
  });
});

describe('image choices: search as you type', () => {
  const debianVm = lxc('debian', 'bookworm', '12', { variant: 'cloud', type: 'virtual-machine' });
  const alpineArm = lxc('alpine', '3.19', undefined, { architecture: 'aarch64' });

  it('finds an image by every word typed: OS, release by name or number, variant, architecture by either name, container or VM, server', () => {
    for (const q of [
      'debian',
      'DEBIAN 12',
      'bookworm cloud',
      'debian vm',
      'virtual-machine',
      'x86_64',
      'amd64 debian',
      'images:debian/12',
      'images: cloud',
      'debian/12/cloud',
    ]) {
      assert.ok(matchesQuery(debianVm, q), q);
    }
    for (const q of ['ubuntu', 'debian container', 'debian 11', 'arm64', 'debian default']) {
      assert.ok(!matchesQuery(debianVm, q), q);
    }
    assert.ok(matchesQuery(alpineArm, 'alpine arm64'));
    assert.ok(matchesQuery(ubuntu(), '24.04 lts'));
    assert.ok(matchesQuery(ubuntu(), ''), 'nothing typed: everything');
  });

  it("shows the server's architecture, counts the others hidden, and shows them when asked or when the query names an architecture", () => {
    const all = [lxc('alpine', '3.19', undefined), alpineArm, debianVm];
    assert.deepEqual(visibleImages(all, { query: 'alpine', architecture: 'x86_64' }), { shown: [all[0]], otherArchitectures: 1 });
    assert.deepEqual(visibleImages(all, { query: 'alpine', architecture: 'x86_64', allArchitectures: true }), {
      shown: [all[0], alpineArm],
      otherArchitectures: 0,
    });
    assert.deepEqual(visibleImages(all, { query: 'alpine arm64', architecture: 'x86_64' }), { shown: [alpineArm], otherArchitectures: 0 });
    assert.deepEqual(visibleImages(all, { query: '', architecture: undefined }).shown.length, 3);
  });
});

describe('image choices: order and identity', () => {
  it('orders by OS, newest release first (numbers from aliases where the release is a name), default variant, containers first', () => {
    const list = [
      lxc('debian', 'bullseye', '11'),
      lxc('debian', 'bookworm', '12', { variant: 'cloud' }),
      lxc('alpine', 'edge', undefined),
      lxc('debian', 'sid', undefined),
      lxc('debian', 'bookworm', '12', { type: 'virtual-machine' }),
      lxc('alpine', '3.9', undefined),
      lxc('alpine', '3.19', undefined),
      lxc('debian', 'bookworm', '12'),
    ];
    assert.deepEqual(
      list.sort(compareImages).map((f) => `${imageLabel(f)} ${f.type === 'virtual-machine' ? 'vm' : 'ct'}`),
      [
        'images:alpine/3.19 ct',
        'images:alpine/3.9 ct',
        'images:alpine/edge ct',
        'images:debian/12 ct',
        'images:debian/12 vm',
        'images:debian/12/cloud ct',
        'images:debian/11 ct',
        'images:debian/sid ct',
      ],
    );
  });

  it('knows the same build listed for another daemon, whose fingerprint differs', () => {
    const forLxd = lxc('debian', 'bookworm', '12');
    assert.ok(sameImage(forLxd, { ...forLxd, fingerprint: 'f'.repeat(64) }));
    assert.ok(!sameImage(forLxd, { ...forLxd, serial: '20240102_05:24' }));
    assert.ok(!sameImage(forLxd, { ...forLxd, architecture: 'aarch64' }));
    assert.ok(!sameImage(forLxd, { ...forLxd, type: 'virtual-machine' }));
  });
});
