import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileStat } from '../../../src/client';
import { LocalEntry, describeConflicts, sortOut, walkLocal } from '../../../src/files/folderUpload';

/** Upload Folder to Instance…: what is read of the local folder, and what in the instance stands in the way. */
describe('Folder uploads', () => {
  let dir: string;
  let outside: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-folder-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-outside-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  describe('walkLocal', () => {
    it('lists parents before children, with modes and sizes, and reads symlinks without following them', async () => {
      const site = path.join(dir, 'site');
      fs.mkdirSync(path.join(site, 'b', 'deep'), { recursive: true });
      fs.writeFileSync(path.join(site, 'a.txt'), 'hello');
      fs.chmodSync(path.join(site, 'a.txt'), 0o640);
      fs.writeFileSync(path.join(site, 'b', 'deep', 'run.sh'), '#!/bin/sh\n');
      fs.chmodSync(path.join(site, 'b', 'deep', 'run.sh'), 0o755);
      fs.writeFileSync(path.join(outside, 'secret'), 'not to be sent');
      // One to a folder outside the chosen one: sent as a link, its target's content stays here.
      fs.symlinkSync(outside, path.join(site, 'b', 'out'));
      fs.symlinkSync('a.txt', path.join(site, 'rel'));
      execFileSync('mkfifo', [path.join(site, 'pipe')]);

      const entries = await walkLocal(site);
      assert.deepEqual(
        entries.map((e) => [e.rel, e.kind]),
        [
          ['', 'directory'],
          ['a.txt', 'file'],
          ['b', 'directory'],
          ['b/deep', 'directory'],
          ['b/deep/run.sh', 'file'],
          ['b/out', 'symlink'],
          ['pipe', 'other'],
          ['rel', 'symlink'],
        ],
      );
      const byRel = new Map(entries.map((e) => [e.rel, e]));
      assert.equal(byRel.get('a.txt')!.mode, 0o640);
      assert.equal(byRel.get('a.txt')!.size, 5);
      assert.equal(byRel.get('b/deep/run.sh')!.mode, 0o755);
      assert.equal(byRel.get('b/out')!.target, outside);
      assert.equal(byRel.get('rel')!.target, 'a.txt');
      assert.ok(!entries.some((e) => e.path.startsWith(outside)), 'nothing under the linked folder was walked');
      assert.equal(byRel.get('b/out')!.size, 0, "a symlink's size is not its target's");
    });
  });

  describe('sortOut', () => {
    const entry = (rel: string, kind: LocalEntry['kind']): LocalEntry => ({ path: `/local/site/${rel}`, rel, kind, mode: 0o644, size: 1 });
    const local = [
      entry('', 'directory'),
      entry('conf', 'directory'),
      entry('conf/app.ini', 'file'),
      entry('index.html', 'file'),
      entry('latest', 'symlink'),
      entry('pipe', 'other'),
    ];
    const cases: Array<{ name: string; found: Array<[string, FileStat['type']]>; conflicts: string[]; replaced: string[] }> = [
      { name: 'nothing there yet', found: [], conflicts: [], replaced: [] },
      { name: 'an empty folder of that name: merged', found: [['', 'directory']], conflicts: [], replaced: [] },
      {
        name: 'files and a symlink of those names: replaced',
        found: [
          ['', 'directory'],
          ['conf', 'directory'],
          ['conf/app.ini', 'file'],
          ['index.html', 'symlink'],
          ['latest', 'file'],
        ],
        conflicts: [],
        replaced: ['/srv/site/conf/app.ini', '/srv/site/index.html', '/srv/site/latest'],
      },
      { name: 'a file where the folder itself goes', found: [['', 'file']], conflicts: ['/srv/site file directory'], replaced: [] },
      {
        name: 'a symlink where a folder goes (never followed)',
        found: [
          ['', 'directory'],
          ['conf', 'symlink'],
        ],
        conflicts: ['/srv/site/conf symlink directory'],
        replaced: [],
      },
      {
        name: 'a folder where a file and a symlink go',
        found: [
          ['', 'directory'],
          ['index.html', 'directory'],
          ['latest', 'directory'],
        ],
        conflicts: ['/srv/site/index.html directory file', '/srv/site/latest directory symlink'],
        replaced: [],
      },
      {
        name: 'anything where a pipe would go: the pipe is not sent, so it is in no one’s way',
        found: [
          ['', 'directory'],
          ['pipe', 'directory'],
        ],
        conflicts: [],
        replaced: [],
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const out = sortOut(local, new Map(c.found), '/srv/site');
        assert.deepEqual(
          out.conflicts.map((x) => `${x.remote} ${x.found} ${x.local}`),
          c.conflicts,
        );
        assert.deepEqual(out.replaced, c.replaced);
      });
    }

    it('says what is in the way and how many more', () => {
      const { conflicts } = sortOut(
        local,
        new Map<string, FileStat['type']>([
          ['', 'directory'],
          ['index.html', 'directory'],
          ['latest', 'directory'],
        ]),
        '/srv/site',
      );
      assert.equal(
        describeConflicts({ conflicts, localDir: '/local/site' }),
        '/srv/site/index.html is a folder where site has a file (and 1 more); nothing was uploaded',
      );
    });
  });
});
