import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiError } from '../../src/client';
import { InstanceFiles } from '../../src/files/instanceFiles';
import { planFolderUpload, uploadFolder } from '../../src/files/folderUpload';
import { cli } from '../support/cli';
import { forEachTarget, useSuite } from '../support/fixtures';
import { testbed } from '../support/testbed';

const sha256 = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex');

/** Upload Folder to Instance… (`planFolderUpload`, `uploadFolder`) against the real daemons, checked inside the instance. */
forEachTarget('folder uploads', (target) => {
  const s = useSuite(target);
  const project = testbed().project;
  let name: string;
  let local: string;
  let site: string;
  let n = 0;
  let dest: string;
  const files = new InstanceFiles();
  const ref = () => ({ connectionId: target.name, project, instance: name });

  before(async () => {
    name = await s.fx.create('folder', { start: true });
  });
  after(() => files.dispose());
  beforeEach(async () => {
    local = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-folder-'));
    site = path.join(local, 'site');
    fs.mkdirSync(path.join(site, 'conf', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(site, 'index.html'), '<h1>new</h1>\n');
    fs.writeFileSync(path.join(site, 'conf', 'app.ini'), 'port=8080\n');
    fs.chmodSync(path.join(site, 'conf', 'app.ini'), 0o600);
    fs.writeFileSync(path.join(site, 'conf', 'deep', 'big.bin'), crypto.randomBytes(3 * 1024 * 1024));
    fs.writeFileSync(path.join(site, 'run.sh'), '#!/bin/sh\necho hi\n');
    fs.chmodSync(path.join(site, 'run.sh'), 0o755);
    fs.symlinkSync('index.html', path.join(site, 'latest'));
    fs.symlinkSync(os.homedir(), path.join(site, 'home'));
    execFileSync('mkfifo', [path.join(site, 'pipe')]);
    fs.chmodSync(path.join(site, 'conf', 'deep'), 0o500);
    dest = `/root/folder-${++n}`;
    await sh(`rm -rf ${dest} && mkdir -p ${dest} && chown 1000:1000 ${dest}`);
  });
  afterEach(() => {
    fs.chmodSync(path.join(site, 'conf', 'deep'), 0o700);
    fs.rmSync(local, { recursive: true, force: true });
  });

  const sh = async (script: string): Promise<string> =>
    (await s.client.exec.run(name, { command: ['sh', '-c', script] })).stdout.toString().trim();
  /** `path type owner mode [sha256 | -> target]` of everything under `root`, as the instance sees it. */
  const tree = (root: string): Promise<string> =>
    sh(
      `cd ${root} && find . | sort | while read p; do ` +
        `if [ -L "$p" ]; then echo "$p link $(stat -c '%u:%g' "$p") -> $(readlink "$p")"; ` +
        `elif [ -d "$p" ]; then echo "$p dir $(stat -c '%u:%g %a' "$p")"; ` +
        `else echo "$p file $(stat -c '%u:%g %a' "$p") $(sha256sum "$p" | cut -c1-12)"; fi; done`,
    );
  const short = (p: string): string => sha256(fs.readFileSync(p)).slice(0, 12);

  it('lays out a new folder as lxc file push -r does: folders and files with their modes and owned like the destination (a read-only folder kept writable by its owner), symlinks as written; a pipe is skipped', async () => {
    const plan = await planFolderUpload(s.client, name, site, dest);
    assert.equal(plan.remoteRoot, `${dest}/site`);
    assert.deepEqual(plan.conflicts, []);
    assert.deepEqual(plan.replaced, []);
    assert.deepEqual(plan.skipped, [path.join(site, 'pipe')]);
    assert.equal(plan.count, 6);
    const landed: string[] = [];
    await uploadFolder(files, s.client, ref(), plan, { onLanded: (p, created) => landed.push(`${p} ${created}`) });
    assert.equal(
      await tree(`${dest}/site`),
      [
        '. dir 1000:1000 755',
        './conf dir 1000:1000 755',
        `./conf/app.ini file 1000:1000 600 ${short(path.join(site, 'conf', 'app.ini'))}`,
        './conf/deep dir 1000:1000 700',
        `./conf/deep/big.bin file 1000:1000 644 ${short(path.join(site, 'conf', 'deep', 'big.bin'))}`,
        // Both daemons create a symlink as root whatever owner is asked for (and so does `lxc file push -r`).
        `./home link 0:0 -> ${os.homedir()}`,
        `./index.html file 1000:1000 644 ${short(path.join(site, 'index.html'))}`,
        './latest link 0:0 -> index.html',
        `./run.sh file 1000:1000 755 ${short(path.join(site, 'run.sh'))}`,
      ].join('\n'),
    );
    assert.equal(landed.length, 9, landed.join('\n'));
    assert.ok(landed.every((l) => l.endsWith(' true')));
    // The CLI reads the same bytes.
    assert.equal(cli(target, ['file', 'pull', '--project', project, `${name}${dest}/site/conf/app.ini`, '-']), 'port=8080\n');
  });

  it('merges into a folder of that name: files of the same names are replaced keeping their owner and mode, the rest stays', async () => {
    await sh(
      `mkdir -p ${dest}/site/conf && printf old > ${dest}/site/index.html && chown 33:33 ${dest}/site/index.html && chmod 0640 ${dest}/site/index.html ` +
        `&& printf keep > ${dest}/site/conf/other.ini && ln -s nowhere ${dest}/site/latest`,
    );
    const plan = await planFolderUpload(s.client, name, site, dest);
    assert.deepEqual(plan.conflicts, []);
    assert.deepEqual(plan.replaced.sort(), [`${dest}/site/index.html`, `${dest}/site/latest`]);
    await uploadFolder(files, s.client, ref(), plan);
    assert.equal(await sh(`stat -c '%u:%g %a' ${dest}/site/index.html; cat ${dest}/site/index.html`), '33:33 640\n<h1>new</h1>');
    assert.equal(await sh(`cat ${dest}/site/conf/other.ini`), 'keep');
    assert.equal(await sh(`readlink ${dest}/site/latest`), 'index.html');
    assert.equal(await sh(`find ${dest} -name '*.lxdx-*' | wc -l`), '0', 'no temporary left');
  });

  it('refuses a folder where a file goes, and a file where a folder goes, before writing anything', async () => {
    await sh(`mkdir -p ${dest}/site/index.html && printf old > ${dest}/site/conf`);
    const before = await tree(dest);
    const plan = await planFolderUpload(s.client, name, site, dest);
    assert.deepEqual(
      plan.conflicts.map((c) => `${c.remote} ${c.found} ${c.local}`),
      [`${dest}/site/conf file directory`, `${dest}/site/index.html directory file`],
    );
    await assert.rejects(
      uploadFolder(files, s.client, ref(), plan),
      (e: unknown) =>
        e instanceof ApiError &&
        e.message.includes(`${dest}/site/conf is a file where site has a folder (and 1 more); nothing was uploaded`),
    );
    assert.equal(await tree(dest), before, 'nothing changed in the instance');
  });

  it('a cancel stops at the file being sent, which is left as it was, with no temporary', async () => {
    await sh(`mkdir -p ${dest}/site/conf/deep && printf old > ${dest}/site/conf/deep/big.bin`);
    const plan = await planFolderUpload(s.client, name, site, dest);
    const ctl = new AbortController();
    const started: string[] = [];
    await assert.rejects(
      uploadFolder(files, s.client, ref(), plan, {
        signal: ctl.signal,
        onStart: (e) => {
          started.push(e.rel);
          if (e.rel === 'conf/deep/big.bin') {
            ctl.abort();
          }
        },
      }),
      /cancelled/,
    );
    assert.deepEqual(started, ['conf/app.ini', 'conf/deep/big.bin']);
    assert.equal(await sh(`cat ${dest}/site/conf/deep/big.bin`), 'old', 'the file being sent is the old one');
    assert.equal(await sh(`cat ${dest}/site/conf/app.ini`), 'port=8080', 'the one before it landed whole');
    assert.equal(await sh(`test -e ${dest}/site/index.html && echo yes || echo no`), 'no', 'nothing after it was sent');
    assert.equal(await sh(`find ${dest} -name '*.lxdx-*' | wc -l`), '0', 'no temporary left');
  });
});
