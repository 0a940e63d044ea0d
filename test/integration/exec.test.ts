import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { PtySession } from '../../src/client';
import { eventually, forEachTarget, useSuite } from '../support/fixtures';

forEachTarget('exec', (target) => {
  const s = useSuite(target);
  let name: string;

  before(async () => {
    name = await s.fx.create('exec', { start: true });
  });

  it('returns stdout, stderr and the exit code of a command', async () => {
    const r = await s.client.exec.run(name, { command: ['sh', '-c', 'echo out; echo err >&2; exit 7'] });
    assert.equal(r.stdout.toString(), 'out\n');
    assert.equal(r.stderr.toString(), 'err\n');
    assert.equal(r.exitCode, 7);
  });

  it('passes stdin through and ends it, so `read` and `cat` finish', async () => {
    const r = await s.client.exec.run(name, { command: ['sh', '-c', 'read x; echo "got:$x"; cat'], stdin: 'hello\nrest of input\n' });
    assert.equal(r.stdout.toString(), 'got:hello\nrest of input\n');
    assert.equal(r.exitCode, 0);
  });

  it('delivers 10 MB of output byte-exact', async () => {
    // 10 MiB of pseudo-random bytes, written inside the instance, hashed there and here.
    const r = await s.client.exec.run(name, { command: ['sh', '-c', 'head -c 10485760 /dev/urandom > /tmp/big && sha256sum /tmp/big'] });
    assert.equal(r.exitCode, 0, r.stderr.toString());
    const remoteSum = r.stdout.toString().split(' ')[0];
    const big = await s.client.exec.run(name, { command: ['cat', '/tmp/big'] });
    assert.equal(big.stdout.length, 10 * 1024 * 1024);
    assert.equal(crypto.createHash('sha256').update(big.stdout).digest('hex'), remoteSum);
  });

  it('sends binary stdin byte-exact', async () => {
    const data = crypto.randomBytes(256 * 1024);
    const r = await s.client.exec.run(name, { command: ['sh', '-c', 'cat > /tmp/bin-in; sha256sum /tmp/bin-in'], stdin: data });
    assert.equal(r.stdout.toString().split(' ')[0], crypto.createHash('sha256').update(data).digest('hex'));
  });

  it('runs as another user, in another directory, with extra environment', async () => {
    const r = await s.client.exec.run(name, {
      command: ['sh', '-c', 'id -u; id -g; pwd; echo $FOO'],
      user: 1000,
      group: 1000,
      cwd: '/tmp',
      environment: { FOO: 'bar' },
    });
    assert.equal(
      r.stdout.toString(),
      '1000\n1000\n/tmp\nbar\n',
      `exit code ${r.exitCode}, stderr: ${r.stderr.toString()}${r.error ? `, LXD: ${r.error}` : ''}`,
    );
  });

  it("keeps a silent command's output sockets open past the daemon's keepalive pings, which they do not answer, and past the silence limit, which the pings reset", async function () {
    // The daemon pings every 10 s; stdout and stderr never write, not even a pong (see receiveOnly).
    // Silent for 25 s with a 15 s limit: without the pings coming through, the run would fail at 15 s.
    this.timeout(60_000);
    const r = await s.client.exec.run(name, { command: ['sh', '-c', 'sleep 25; echo done'], silenceMs: 15_000 });
    assert.deepEqual([r.exitCode, r.stdout.toString()], [0, 'done\n']);
  });

  it("reports a missing command as exit code 127 with LXD's reason", async () => {
    const r = await s.client.exec.run(name, { command: ['/no/such/command'] });
    assert.equal(r.exitCode, 127);
    assert.match(r.error ?? '', /not found/i);
  });

  it('delivers a signal through the control channel (SIGTERM → 143)', async () => {
    const proc = await s.client.exec.spawn(name, { command: ['sh', '-c', 'echo ready; sleep 30'] });
    const out: Buffer[] = [];
    proc.stdout.on('data', (c: Buffer) => out.push(c));
    proc.stderr.resume();
    await eventually(() => Buffer.concat(out).toString().includes('ready'), 'the process prints ready');
    proc.signal(15);
    const status = await proc.exit;
    assert.equal(status.exitCode, 143);
  });

  describe('interactive', () => {
    let pty: PtySession | undefined;
    afterEach(() => pty?.close());

    const output = (s: PtySession): { text(): string } => {
      const chunks: Buffer[] = [];
      s.onData((d) => chunks.push(d));
      return { text: () => Buffer.concat(chunks).toString() };
    };

    it('opens a shell on a terminal whose size follows resize', async () => {
      pty = await s.client.exec.pty(name, { command: ['sh'], width: 100, height: 30, environment: { TERM: 'xterm-256color' } });
      const out = output(pty);
      pty.write('stty size\n');
      await eventually(() => out.text().includes('30 100'), 'stty size prints the initial size');
      pty.resize(132, 43);
      pty.write('stty size; echo $TERM\n');
      await eventually(() => out.text().includes('43 132'), 'stty size prints the new size');
      assert.match(out.text(), /xterm-256color/);
      pty.write('exit 3\n');
      const status = await pty.exit;
      assert.equal(status.exitCode, 3);
    });

    it('delivers Ctrl-C to the foreground process and Ctrl-D ends the shell', async () => {
      pty = await s.client.exec.pty(name, { command: ['sh'], width: 80, height: 24 });
      const out = output(pty);
      pty.write('sleep 100; echo after-sleep\n');
      // Ctrl-C must reach sleep itself, not the shell still reading the line: wait until sleep runs.
      // (busybox has no pgrep; the instance's init runs its own `sleep 3600`.)
      await eventually(
        async () => (await s.client.exec.run(name, { command: ['ps'] })).stdout.toString().includes('sleep 100'),
        'sleep is running',
      );
      pty.write('\x03');
      pty.write('echo marker-$((20+22))\n');
      await eventually(() => out.text().includes('marker-42'), 'the shell is back after Ctrl-C');
      // The typed line is echoed; only a line that is exactly the follow-up's output would mean it ran.
      assert.ok(!out.text().split(/\r?\n/).includes('after-sleep'), 'sleep was interrupted, its follow-up never ran');
      pty.write('\x04');
      const status = await pty.exit;
      assert.equal(status.exitCode, 0);
    });

    it('delivers a signal to an interactive session and reports 128+n', async () => {
      pty = await s.client.exec.pty(name, { command: ['sh', '-c', 'echo ready; exec sleep 300'], width: 80, height: 24 });
      const out = output(pty);
      await eventually(() => out.text().includes('ready'), 'the session prints ready');
      pty.signal(15);
      assert.equal((await pty.exit).exitCode, 143);
    });

    it('passes every byte value through the pty in raw mode, both ways', async () => {
      // stty raw: no echo, no line discipline; od prints what arrived, so input and output are checked.
      // The last `head -c 1` keeps the process alive until the output was seen: output written just
      // before a pty process exits can be cut off by the daemon, which is not what this test is about.
      pty = await s.client.exec.pty(name, {
        command: ['sh', '-c', 'stty raw -echo; echo go; head -c 256 | od -An -v -tx1; printf "\\000\\377\\001done"; head -c 1 >/dev/null'],
        width: 80,
        height: 24,
      });
      const chunks: Buffer[] = [];
      pty.onData((d) => chunks.push(d));
      await eventually(() => Buffer.concat(chunks).toString('latin1').includes('go'), 'the terminal is in raw mode');
      pty.write(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
      await eventually(() => Buffer.concat(chunks).toString('latin1').endsWith('done'), 'the raw output arrived');
      pty.write('x');
      assert.equal((await pty.exit).exitCode, 0);
      const all = Buffer.concat(chunks);
      const hex = all
        .toString('latin1')
        .replace(/[^0-9a-f]/g, ' ')
        .split(/\s+/)
        .filter((h) => h.length === 2);
      assert.deepEqual(
        hex.slice(0, 256),
        Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')),
      );
      assert.ok(all.subarray(-7).equals(Buffer.from([0, 0xff, 1, ...Buffer.from('done')])), 'raw output bytes arrive unchanged');
      pty = undefined;
    });

    it('ends the remote process when the session is closed', async () => {
      pty = await s.client.exec.pty(name, { command: ['sh', '-c', 'echo $$ > /tmp/pty-pid; exec sleep 300'], width: 80, height: 24 });
      const pid = await eventually(
        async () => (await s.client.exec.run(name, { command: ['cat', '/tmp/pty-pid'] })).stdout.toString().trim(),
        'the shell wrote its pid',
      );
      pty.close();
      const status = await pty.exit;
      assert.equal(status.exitCode, 137, 'closing the control socket SIGKILLs the process');
      const check = await s.client.exec.run(name, { command: ['sh', '-c', `kill -0 ${pid} 2>/dev/null && echo alive || echo gone`] });
      assert.equal(check.stdout.toString().trim(), 'gone');
      pty = undefined;
    });
  });
});
