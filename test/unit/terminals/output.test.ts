import * as assert from 'node:assert/strict';
import { BatchedWriter, exitLine, red, toCrlf } from '../../../src/terminals/output';

describe('terminal output', () => {
  it('joins the chunks of one tick into a single write', async () => {
    const writes: string[] = [];
    const w = new BatchedWriter((t) => writes.push(t));
    for (let i = 0; i < 1000; i++) {
      w.push(Buffer.from(`line ${i}\r\n`));
    }
    assert.equal(writes.length, 0);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(writes.length, 1);
    assert.ok(writes[0].startsWith('line 0\r\n') && writes[0].endsWith('line 999\r\n'));
  });

  it('flushes at once past its size limit, so a flood never piles up', () => {
    const writes: string[] = [];
    const w = new BatchedWriter((t) => writes.push(t), { maxBytes: 1024 });
    w.push(Buffer.alloc(600, 'a'));
    w.push(Buffer.alloc(600, 'b'));
    assert.equal(writes.length, 1);
    assert.equal(writes[0].length, 1200);
    w.dispose();
  });

  it('keeps a UTF-8 character split across chunks whole', () => {
    const writes: string[] = [];
    const w = new BatchedWriter((t) => writes.push(t));
    const bytes = Buffer.from('héllo €', 'utf8');
    w.push(bytes.subarray(0, 2));
    w.flush();
    w.push(bytes.subarray(2));
    w.flush();
    assert.equal(writes.join(''), 'héllo €');
  });

  it('writes text after what is pending, in order', () => {
    const writes: string[] = [];
    const w = new BatchedWriter((t) => writes.push(t));
    w.push(Buffer.from('output'));
    w.write('[done]');
    assert.deepEqual(writes, ['output', '[done]']);
  });

  it('turns bare newlines into CRLF, colours stderr red line by line, and says the exit code', () => {
    assert.equal(toCrlf('a\nb\r\nc'), 'a\r\nb\r\nc');
    assert.equal(red('x\r\ny'), '\x1b[31mx\x1b[0m\r\n\x1b[31my\x1b[0m');
    assert.match(exitLine(3), /\[process exited with code 3\]/);
  });
});
