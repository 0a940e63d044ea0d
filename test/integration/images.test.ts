import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Operation } from '../../src/generated';
import { ApiError, Progress } from '../../src/client';
import { cli, queryMaybe, queryNames } from '../support/cli';
import { apiError, forEachTarget, useSuite } from '../support/fixtures';
import { BuiltImage, unifiedImage, vmImage } from '../support/images';
import { testbed, uniqueName } from '../support/testbed';

interface RawImage {
  fingerprint: string;
  type: string;
  size: number;
  public: boolean;
  filename: string;
  properties: Record<string, string>;
  aliases: { name: string; description: string }[];
}

interface RawAlias {
  name: string;
  target: string;
  description: string;
}

const fingerprintOf = (op: Operation): string => (op.metadata as { fingerprint: string }).fingerprint;

forEachTarget('images', (target) => {
  const { project, image: testAlias, env, imageDir } = testbed();
  const testFingerprint = env.LXDX_IMAGE_FINGERPRINT;
  const s = useSuite(target);

  const raw = (fp: string, inProject = project): RawImage | undefined => queryMaybe<RawImage>(target, `/1.0/images/${fp}`, inProject);
  const rawAlias = (name: string): RawAlias | undefined => queryMaybe<RawAlias>(target, `/1.0/images/aliases/${name}`, project);

  /** Imports a throwaway image (never the shared test image) and deletes it after the suite. */
  const throwaway = async (label: string): Promise<BuiltImage> => {
    const built = unifiedImage(label);
    s.cleanup.defer(() => s.client.images.delete(built.fingerprint).wait());
    await s.client.images.upload(built.tarball).wait();
    return built;
  };

  it('lists the test image with its alias and properties, as the daemon does', async () => {
    const images = await s.client.images.list();
    const mine = images.find((i) => i.fingerprint === testFingerprint);
    assert.ok(mine, 'the test image is listed');
    assert.ok(mine.aliases?.some((a) => a.name === testAlias));
    assert.equal(mine.properties?.os, 'busybox');
    const cliFingerprints = queryNames(target, '/1.0/images', project);
    assert.ok(cliFingerprints.includes(testFingerprint));
  });

  it('lists the images of every project with their project, also where the daemon cannot in one request (LXD 5.0)', async () => {
    const all = await s.client.images.list({ allProjects: true });
    const key = (project: string, fp: string): string => `${project}/${fp}`;
    const listed = new Set(all.map((i) => key(i.project ?? '?', i.fingerprint!)));
    assert.ok(listed.has(key(project, testFingerprint)), 'the test image, under the test project');
    for (const fp of queryNames(target, '/1.0/images', 'default')) {
      assert.ok(listed.has(key('default', fp)), `the default project's ${fp.slice(0, 12)}`);
    }
    assert.equal(listed.size, all.length, 'each image of each project once');
  });

  it('gets an image by fingerprint with the size and properties the daemon reports', async () => {
    const img = await s.client.images.get(testFingerprint);
    const cliImg = raw(testFingerprint)!;
    assert.equal(img.fingerprint, testFingerprint);
    assert.equal(img.size, cliImg.size);
    assert.deepEqual(img.properties, cliImg.properties);
  });

  it('says an image that does not exist is not found (404)', async () => {
    await assert.rejects(s.client.images.get('0'.repeat(64)), apiError(404));
  });

  it('uploads a unified tarball, public, and the daemon has it under the SHA-256 of its bytes', async () => {
    const built = unifiedImage('upload');
    s.cleanup.defer(() => s.client.images.delete(built.fingerprint).wait());
    const sent: number[] = [];
    const op = await s.client.images
      .upload(Readable.from([built.tarball]), { public: true, filename: 'lxdx-upload.tar.gz', onUploadProgress: (n) => sent.push(n) })
      .wait();
    assert.equal(fingerprintOf(op), built.fingerprint);
    assert.equal(sent.at(-1), built.tarball.length, 'upload progress ends at the full size');
    const cliImg = raw(built.fingerprint)!;
    assert.equal(cliImg.public, true);
    assert.equal(cliImg.filename, 'lxdx-upload.tar.gz');
    assert.equal(cliImg.properties.description, built.description);
  });

  it('uploads a split image (metadata and rootfs tarballs) with the fingerprint `image import` gives it', async () => {
    // The test image's own files, so into a project of its own: a project holds an image only once.
    const other = uniqueName('imgproj');
    cli(target, ['project', 'create', other, '-c', 'features.images=true', '-c', 'features.profiles=false']);
    s.cleanup.defer(() => cli(target, ['project', 'delete', other]));
    s.cleanup.defer(() => cli(target, ['image', 'delete', testFingerprint, '--project', other]));
    const files = {
      metadata: fs.readFileSync(path.join(imageDir, 'metadata.tar.gz')),
      rootfs: fs.createReadStream(path.join(imageDir, 'rootfs.tar.gz')),
    };
    const op = await s.client.images.upload(files, { project: other }).wait();
    assert.equal(fingerprintOf(op), testFingerprint);
    assert.equal(raw(testFingerprint, other)?.properties.os, 'busybox');
  });

  it('uploads a split VM image (metadata tarball and qcow2 rootfs.img) as a virtual-machine image, with the fingerprint `image import` gives it', async () => {
    const built = vmImage('vmsplit');
    s.cleanup.defer(() => s.client.images.delete(built.fingerprint).wait());
    const op = await s.client.images.upload({ metadata: built.metadata, rootfs: built.rootfs, type: 'virtual-machine' }).wait();
    assert.equal(fingerprintOf(op), built.fingerprint);
    const img = raw(built.fingerprint);
    assert.equal(img?.type, 'virtual-machine', 'the daemon reads the disk part by its form name, rootfs.img');
    assert.equal(img?.properties.description, built.description);
  });

  it('refuses to upload an image the project already has, and keeps the one it has', async () => {
    const built = await throwaway('twice');
    await assert.rejects(
      s.client.images.upload(built.tarball).wait(),
      (e: unknown) => e instanceof ApiError && e.operationId !== undefined,
    );
    assert.equal(raw(built.fingerprint)?.properties.description, built.description);
  });

  it('replaces properties with the ETag it read; a stale ETag gets 412 and changes nothing', async () => {
    const built = await throwaway('etag');
    const { value, etag } = await s.client.images.getTagged(built.fingerprint);
    assert.ok(etag, 'an image GET carries an ETag');
    await s.client.images.update(built.fingerprint, { ...value, properties: { ...value.properties, 'user.note': 'first' } }, { etag });
    assert.equal(raw(built.fingerprint)?.properties['user.note'], 'first');

    await assert.rejects(
      s.client.images.update(built.fingerprint, { ...value, properties: { 'user.note': 'second' } }, { etag }),
      apiError(412),
    );
    await assert.rejects(s.client.images.patch(built.fingerprint, { properties: { 'user.other': 'x' } }, { etag }), apiError(412));
    const after = raw(built.fingerprint)!.properties;
    assert.equal(after['user.note'], 'first');
    assert.equal(after['user.other'], undefined);
    assert.equal(after.description, built.description);
  });

  it('patches one property, keeps the others, and removes a property patched to ""', async () => {
    const built = await throwaway('patch');
    const { etag } = await s.client.images.getTagged(built.fingerprint);
    await s.client.images.patch(built.fingerprint, { properties: { 'user.a': '1', 'user.b': '2' } }, { etag });
    assert.deepEqual(raw(built.fingerprint)?.properties, { os: 'busybox', description: built.description, 'user.a': '1', 'user.b': '2' });
    await s.client.images.patch(built.fingerprint, { properties: { 'user.b': '' }, public: true });
    const after = raw(built.fingerprint)!;
    assert.deepEqual(after.properties, { os: 'busybox', description: built.description, 'user.a': '1' });
    assert.equal(after.public, true);
  });

  it('adds an alias, lists and gets it, renames it and deletes it', async () => {
    const built = await throwaway('alias');
    const alias = uniqueName('alias');
    const renamed = `${alias}-b`;
    s.cleanup.defer(() => s.client.images.deleteAlias(alias));
    s.cleanup.defer(() => s.client.images.deleteAlias(renamed));
    await s.client.images.addAlias(alias, built.fingerprint, { description: 'made by the client' });
    assert.deepEqual(rawAlias(alias) && { target: rawAlias(alias)!.target, description: rawAlias(alias)!.description }, {
      target: built.fingerprint,
      description: 'made by the client',
    });
    assert.ok((await s.client.images.aliases()).some((a) => a.name === alias && a.target === built.fingerprint));
    assert.equal((await s.client.images.alias(alias)).target, built.fingerprint);

    await s.client.images.renameAlias(alias, renamed);
    assert.equal(rawAlias(alias), undefined);
    assert.equal(rawAlias(renamed)?.target, built.fingerprint);
    await assert.rejects(s.client.images.alias(alias), apiError(404));

    await s.client.images.deleteAlias(renamed);
    assert.equal(rawAlias(renamed), undefined);
    assert.deepEqual(raw(built.fingerprint)?.aliases, [], 'the image stays, without aliases');
  });

  it('refuses an alias name that is taken (409), and the alias keeps its target', async () => {
    const built = await throwaway('taken');
    await assert.rejects(s.client.images.addAlias(testAlias, built.fingerprint), apiError(409));
    assert.equal(rawAlias(testAlias)?.target, testFingerprint);
  });

  it('deletes an image, and the daemon no longer has it', async () => {
    const built = await throwaway('delete');
    const op = await s.client.images.delete(built.fingerprint);
    assert.ok(op.id, 'deleting answers with an operation');
    await op.wait();
    assert.equal(raw(built.fingerprint), undefined);
  });

  it('publishes a stopped instance as an image, reporting the pack progress as it goes', async function () {
    this.timeout(120_000);
    const name = await s.fx.create('publish', { start: true });
    // Enough incompressible data that packing takes seconds, so progress is reported on the way.
    const filled = await s.client.exec.run(name, { command: ['sh', '-c', 'head -c 100000000 /dev/urandom > /filler'] });
    assert.equal(filled.exitCode, 0, filled.stderr.toString());
    await s.client.instances.stop(name, { force: true }).wait();

    const progress: Progress[] = [];
    const op = await s.client.images
      .create({ source: { type: 'instance', name }, compression_algorithm: 'gzip', properties: { description: name } })
      .wait({ onProgress: (p) => progress.push(p) });
    const fingerprint = fingerprintOf(op);
    s.cleanup.defer(() => s.client.images.delete(fingerprint).wait());

    assert.ok(progress.length > 0, 'progress was reported while packing');
    assert.ok(
      progress.every((p) => p.stage === 'create_image_from_container_pack' && p.percent! >= 0 && p.percent! <= 100),
      JSON.stringify(progress),
    );
    const percents = progress.map((p) => p.percent!);
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => a - b),
      'progress only goes forward',
    );
    const cliImg = raw(fingerprint)!;
    assert.equal(cliImg.properties.description, name);
    assert.ok(cliImg.size > 50_000_000, `the image holds the instance's data (${cliImg.size} bytes)`);
  });
});
