import * as assert from 'node:assert/strict';
import { Client, FileStat } from '../../src/client';
import { InstanceFiles } from '../../src/files/instanceFiles';
import { statIfExists } from '../../src/files/remote';
import { forEachTarget } from '../support/fixtures';
import { testbed } from '../support/testbed';
import { failure, shIn, useRunningInstance } from './helpers';

/**
 * Moves of the `lxd:` file system (`InstanceFiles.move`, what the Explorer's rename calls) onto
 * existing targets and across mounts (`/dev` is a tmpfs in a container, `/root` is not: rename(2)
 * answers EXDEV), on the real daemons: the data is always at the source, the target, or both,
 * never nowhere.
 */
forEachTarget('A move onto an existing target or across mounts', (target) => {
  const project = testbed().project;
  const instance = useRunningInstance(target, 'faults-move');
  let admin: Client;
  let files: InstanceFiles;
  let n = 0;
  let dir: string;
  let src: string;

  before(() => {
    admin = Client.unix(target.socket, { project });
  });
  after(async () => {
    await admin?.close();
  });
  beforeEach(async () => {
    files = new InstanceFiles();
    n++;
    dir = `/root/move-${n}`;
    src = `/dev/lxdx-move-${n}`;
    await sh(`rm -rf ${dir} ${src} && mkdir -p ${dir}`);
  });
  afterEach(async () => {
    files.dispose();
    await sh(`rm -rf ${src}`).catch(() => undefined);
  });

  const sh = (script: string): Promise<string> => shIn(admin, instance.name, script);

  const ref = (): { connectionId: string; project: string; instance: string } => ({
    connectionId: target.name,
    project,
    instance: instance.name,
  });
  /** What the Explorer's rename does: stat both ends, then move with overwrite. */
  async function move(client: Client, from: string, to: string): Promise<void> {
    const source = (await statIfExists(client, instance.name, from)) as FileStat;
    const existing = await statIfExists(client, instance.name, to);
    await files.move(client, ref(), from, to, { source, target: existing });
  }
  /** `find` of a tree with each file's sha256, so two trees compare whole. */
  const tree = (root: string): Promise<string> => sh(`cd ${root} && find . | sort && find . -type f | sort | xargs sha256sum`);
  const leftovers = async (): Promise<string> => sh(`ls -a ${dir} | grep lxdx- || true`);

  it('a folder moved onto an existing non-empty folder replaces it, and nothing set aside is left', async () => {
    await sh(`mkdir -p ${dir}/a/sub ${dir}/b/old && echo new > ${dir}/a/sub/f && echo old > ${dir}/b/old/g`);
    const wanted = await tree(`${dir}/a`);
    await move(admin, `${dir}/a`, `${dir}/b`);
    assert.equal(await tree(`${dir}/b`), wanted);
    assert.equal(await sh(`test -e ${dir}/a && echo there || echo gone`), 'gone');
    assert.equal(await leftovers(), '');
  });

  it('a move that fails after the target was set aside puts the target back', async () => {
    await sh(`mkdir -p ${dir}/a/inner && echo keep > ${dir}/a/inner/f`);
    const before = await tree(`${dir}/a`);
    // A folder cannot move into itself: rename(2) says EINVAL once the target is out of the way.
    const { error } = await failure(move(admin, `${dir}/a`, `${dir}/a/inner`));
    assert.match(error.message, /invalid argument|failure|SFTP/i);
    assert.equal(await tree(`${dir}/a`), before, 'the target is back, byte for byte');
    assert.equal(await sh(`ls -a ${dir}/a | grep lxdx- || true`), '');
  });

  it('a file moved across mounts (EXDEV) is copied, checked and only then deleted, keeping owner and mode', async () => {
    await sh(`head -c 100000 /dev/urandom > ${src} && chown 1000:1000 ${src} && chmod 0640 ${src} && echo old > ${dir}/f`);
    const sum = (await sh(`sha256sum ${src}`)).split(/\s+/)[0];
    await move(admin, src, `${dir}/f`);
    assert.equal(await sh(`sha256sum ${dir}/f | cut -d' ' -f1; stat -c "%u %g %a" ${dir}/f`), `${sum}\n1000 1000 640`);
    assert.equal(await sh(`test -e ${src} && echo there || echo gone`), 'gone');
    assert.equal(await leftovers(), '');
  });

  it('a folder moved across mounts onto an existing folder arrives whole, links included, and the source goes last', async () => {
    await sh(
      `mkdir -p ${src}/sub ${dir}/d/old && head -c 20000 /dev/urandom > ${src}/sub/f && echo top > ${src}/t && ln -s sub/f ${src}/link && echo old > ${dir}/d/old/g`,
    );
    const wanted = await tree(src);
    await move(admin, src, `${dir}/d`);
    assert.equal(await tree(`${dir}/d`), wanted);
    assert.equal(await sh(`readlink ${dir}/d/link`), 'sub/f');
    assert.equal(await sh(`test -e ${src} && echo there || echo gone`), 'gone');
    assert.equal(await leftovers(), '');
  });
});
