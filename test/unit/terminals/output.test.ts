import * as assert from 'node:assert/strict';
import { BatchedWriter, exitLine, red, toCrlf } from '../../../src/terminals/output';

/** Polls a condition every millisecond, for at most two seconds. */
async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!check()) {
    assert.ok(Date.now() < deadline, 'condition not met within 2 s');
    await new Promise((r) => setTimeout(r, 1));
  }
}

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

  it('writes a flood a frame apart and a bounded piece at a time, dropping nothing', async () => {
    const writes: Array<{ at: number; text: string }> = [];
    const w = new BatchedWriter((text) => writes.push({ at: Date.now(), text }), { charsPerTick: 1000, tickMs: 10 });
    const sent = Array.from({ length: 50 }, (_, i) => `${i}`.padStart(100, '.')).join('');
    w.push(Buffer.from(sent));
    assert.equal(w.pending, 5000);
    await until(() => w.pending === 0);
    assert.equal(writes.length, 5);
    assert.ok(writes.every((x) => x.text.length === 1000));
    assert.equal(writes.map((x) => x.text).join(''), sent);
    for (let i = 1; i < writes.length; i++) {
      assert.ok(writes[i].at - writes[i - 1].at >= 9, `write ${i} came ${writes[i].at - writes[i - 1].at} ms after the one before`);
    }
  });

  it('pauses its sources past the high-water mark and resumes them once drained below the low one', async () => {
    const events: string[] = [];
    const source = { pause: () => events.push('pause'), resume: () => events.push(`resume with ${w.pending} waiting`) };
    let written = 0;
    const w: BatchedWriter = new BatchedWriter((t) => (written += t.length), {
      charsPerTick: 100,
      tickMs: 1,
      highWater: 1000,
      lowWater: 300,
    });
    w.throttle(source);
    w.push(Buffer.alloc(900, 'a'));
    assert.deepEqual(events, []);
    w.push(Buffer.alloc(200, 'b'));
    assert.deepEqual(events, ['pause']);
    w.push(Buffer.alloc(100, 'c'));
    assert.deepEqual(events, ['pause'], 'paused once');
    await until(() => events.length === 2);
    assert.deepEqual(events, ['pause', 'resume with 200 waiting']);
    await until(() => w.pending === 0);
    assert.equal(written, 1200);
  });

  it('never splits a surrogate pair between two writes', async () => {
    const writes: string[] = [];
    const w = new BatchedWriter((t) => writes.push(t), { charsPerTick: 4, tickMs: 1 });
    w.write('abc😀def');
    await until(() => w.pending === 0);
    assert.deepEqual(writes, ['abc', '😀de', 'f']);
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

  it('writes text after what is pending, in order, and flush writes everything at once', () => {
    const writes: string[] = [];
    const w = new BatchedWriter((t) => writes.push(t));
    w.push(Buffer.from('output'));
    w.write('[done]');
    assert.deepEqual(writes, []);
    w.flush();
    assert.deepEqual(writes, ['output[done]']);
  });

  it('turns bare newlines into CRLF, colours stderr red line by line, and says the exit code', () => {
    assert.equal(toCrlf('a\nb\r\nc'), 'a\r\nb\r\nc');
    assert.equal(red('x\r\ny'), '\x1b[31mx\x1b[0m\r\n\x1b[31my\x1b[0m');
    assert.match(exitLine(3), /\[process exited with code 3\]/);
  });
});
