import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DownloadCancelled, ExistingChoice, prepareLocalDirectory, prepareLocalFile } from '../../../src/files/localTarget';

/** Where a download may write on this computer: never through a symlink, never over a file unasked. */
describe('Local download targets', () => {
  let dir: string;
  let outside: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lxdx-dl-'));
    outside = path.join(dir, 'outside.txt');
    fs.writeFileSync(outside, 'precious');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const answering =
    (choice: ExistingChoice, asked: string[] = []) =>
    async (p: string, kind: 'file' | 'symlink') => {
      asked.push(`${kind} ${path.basename(p)}`);
      return choice;
    };

  it('a path with nothing there is written without a question', async () => {
    const asked: string[] = [];
    assert.equal(await prepareLocalFile(path.join(dir, 'new.txt'), answering('cancel', asked)), true);
    assert.deepEqual(asked, []);
  });

  const cases: Array<{ choice: ExistingChoice; result: boolean | 'cancelled'; left: boolean }> = [
    { choice: 'overwrite', result: true, left: false },
    { choice: 'skip', result: false, left: true },
    { choice: 'cancel', result: 'cancelled', left: true },
  ];
  for (const { choice, result, left } of cases) {
    it(`an existing file, answered ${choice}: ${left ? 'left as it was' : 'removed, to be written anew'}`, async () => {
      const f = path.join(dir, 'f.txt');
      fs.writeFileSync(f, 'mine');
      const asked: string[] = [];
      const got = await prepareLocalFile(f, answering(choice, asked)).catch((e: Error) =>
        e instanceof DownloadCancelled ? 'cancelled' : e,
      );
      assert.equal(got, result);
      assert.deepEqual(asked, ['file f.txt']);
      assert.equal(fs.existsSync(f), left);
    });

    it(`a symlink, answered ${choice}: what it points at is never touched`, async () => {
      const link = path.join(dir, 'link.txt');
      fs.symlinkSync(outside, link);
      const asked: string[] = [];
      const got = await prepareLocalFile(link, answering(choice, asked)).catch((e: Error) =>
        e instanceof DownloadCancelled ? 'cancelled' : e,
      );
      assert.equal(got, result);
      assert.deepEqual(asked, ['symlink link.txt']);
      assert.equal(fs.readFileSync(outside, 'utf8'), 'precious');
      assert.equal(fs.existsSync(link) || isLink(link), left);
    });
  }

  it('a dangling symlink is asked about too, not followed', async () => {
    const link = path.join(dir, 'dangling');
    fs.symlinkSync(path.join(dir, 'nowhere'), link);
    assert.equal(await prepareLocalFile(link, answering('overwrite')), true);
    assert.equal(isLink(link), false);
    assert.equal(fs.existsSync(path.join(dir, 'nowhere')), false);
  });

  it('with nobody to ask, an existing file is refused with a clear error and kept', async () => {
    const f = path.join(dir, 'f.txt');
    fs.writeFileSync(f, 'mine');
    await assert.rejects(prepareLocalFile(f, undefined), /f\.txt already exists: nothing was written there\.$/);
    assert.equal(fs.readFileSync(f, 'utf8'), 'mine');
  });

  it('a directory where a file would go is refused', async () => {
    await assert.rejects(prepareLocalFile(dir, answering('overwrite')), /already exists and is not a file/);
  });

  it('a folder download makes real directories and refuses a symlink to one', async () => {
    await prepareLocalDirectory(path.join(dir, 'a', 'b'));
    assert.ok(fs.lstatSync(path.join(dir, 'a', 'b')).isDirectory());
    const target = fs.mkdtempSync(path.join(dir, 'elsewhere-'));
    fs.symlinkSync(target, path.join(dir, 'linked'));
    await assert.rejects(
      prepareLocalDirectory(path.join(dir, 'linked')),
      /is a symbolic link on this computer: the download does not write through it\.$/,
    );
  });
});

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
