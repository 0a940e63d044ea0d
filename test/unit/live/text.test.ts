import * as assert from 'node:assert/strict';
import { BoundedLines, ConsoleText } from '../../../src/live/text';

describe('Text of the live documents', () => {
  it('keeps lines that arrive in pieces, the unfinished one last', () => {
    const b = new BoundedLines(10);
    b.append('hel');
    b.append('lo\nwor');
    assert.deepEqual(b.all, ['hello', 'wor']);
    b.append('ld\n');
    assert.deepEqual(b.all, ['hello', 'world']);
    b.appendLines('── marker ──');
    assert.deepEqual(b.all, ['hello', 'world', '── marker ──']);
  });

  it('puts a whole line after an unfinished one on its own line', () => {
    const b = new BoundedLines(10);
    b.append('no newline');
    b.appendLines('── stopped ──');
    assert.deepEqual(b.all, ['no newline', '── stopped ──']);
  });

  it('keeps only the last N lines and counts the dropped ones', () => {
    const b = new BoundedLines(3);
    b.append('1\n2\n3\n4\n5');
    assert.deepEqual(b.all, ['3', '4', '5']);
    assert.equal(b.dropped, 2);
    b.clear();
    assert.deepEqual([b.all, b.dropped], [[], 0]);
  });

  it('makes console output plain: colours, titles and resets go, CRLF and lone CR are newlines', () => {
    const c = new ConsoleText();
    assert.equal(c.push('\x1b[1;32mOK\x1b[0m boot\r\n\x1b]0;title\x07\x1bc\x1b(Bdone\r\n'), 'OK boot\ndone\n');
    assert.equal(c.push('50%\r100%\r\n'), '50%\n100%\n');
    assert.equal(c.push('bell\x07 tab\there\x00\n'), 'bell tab\there\n');
  });

  it('removes an escape sequence split between two pieces, and a CRLF split between them is one newline', () => {
    const c = new ConsoleText();
    assert.equal(c.push('red \x1b[3'), 'red ');
    assert.equal(c.push('1mtext\x1b[0m\r'), 'text');
    assert.equal(c.push('\nnext'), '\nnext');
  });
});
