import * as assert from 'node:assert/strict';
import { VersionBook } from '../../../src/editors/versions';

/** VS Code's own guard before a provider's writeFile (FileService.validateWriteFile): newer mtime and another size. */
function vsCodeRefuses(editor: { mtime: number; size: number }, stat: { mtime: number; size: number }): boolean {
  return editor.mtime < stat.mtime && editor.size !== stat.size;
}

describe('config document versions', () => {
  let clock = 1000;
  const book = (): VersionBook => new VersionBook(() => clock);
  const v1 = { tag: 'etag:1', etag: '1' };
  const v2 = { tag: 'etag:2', etag: '2' };

  it('gives a new server version a later mtime, and the same version the same one, even when the clock stands still', () => {
    const b = book();
    b.observe('k', v1);
    const first = b.mtime('k', false);
    b.observe('k', v1);
    assert.equal(b.mtime('k', false), first);
    b.observe('k', v2);
    assert.ok(b.mtime('k', false) > first);
  });

  it('lets a clean editor see a newer version, so that it reloads it', () => {
    const b = book();
    b.observe('k', v1);
    const editor = { mtime: b.mtime('k', false), size: 10 };
    clock += 5;
    b.observe('k', v2);
    assert.ok(b.mtime('k', false) > editor.mtime);
  });

  it("never has VS Code refuse the save of unsaved text, whatever the editor recorded: the provider's own check decides", () => {
    const b = book();
    b.observe('k', v1);
    const editor = { mtime: b.mtime('k', false), size: 10 };
    clock += 5;
    b.observe('k', v2);
    assert.ok(vsCodeRefuses(editor, { mtime: b.mtime('k', false), size: 12 }), 'a clean editor would be told the file is newer');
    assert.ok(!vsCodeRefuses(editor, { mtime: b.mtime('k', true), size: 12 }));
    // An editor restored from a backup recorded an mtime of an earlier session.
    assert.ok(!vsCodeRefuses({ mtime: 1, size: 3 }, { mtime: b.mtime('k', true), size: 12 }));
  });

  it('keeps the version the text started from until the user takes a newer one', () => {
    const b = book();
    assert.equal(b.base('k'), undefined);
    b.observe('k', v1);
    b.startFrom('k', v1);
    b.observe('k', v2);
    assert.deepEqual(b.base('k'), v1, 'seeing a newer version is not taking it');
    b.startFrom('k', v2);
    assert.deepEqual(b.base('k'), v2);
  });

  it('keeps the versions of different objects apart', () => {
    const b = book();
    b.observe('a', v1);
    b.startFrom('a', v1);
    b.observe('b', v2);
    b.startFrom('b', v2);
    assert.deepEqual(b.base('a'), v1);
    assert.deepEqual(b.base('b'), v2);
  });
});
