import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Duplex } from 'node:stream';
import { ApiError, CancelledError, Client, HttpError, RequestTrace, TransportError, UnixTransport } from '../../src/client';
import { eventually, forEachTarget, useSuite } from '../support/fixtures';
import { testbed, uniqueName } from '../support/testbed';

/** A unix socket server for one test; it records every connection and whether it has closed. */
async function socketServer(
  onConnection: (socket: net.Socket) => void,
): Promise<{ path: string; conns: net.Socket[]; close(): Promise<void> }> {
  const where = path.join(os.tmpdir(), `lxdx-upgrade-${process.pid}-${Math.random().toString(36).slice(2)}.sock`);
  const conns: net.Socket[] = [];
  const server = net.createServer((socket) => {
    conns.push(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(where, resolve));
  return {
    path: where,
    conns,
    close: () =>
      new Promise<void>((resolve) => {
        conns.forEach((c) => c.destroy());
        server.close(() => resolve());
        fs.rmSync(where, { force: true });
      }),
  };
}

/** Reads what arrives on a socket until `count` bytes came. */
function readBytes(socket: Duplex, count: number): Promise<Buffer> {
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      got = Buffer.concat([got, d]);
      if (got.length >= count) {
        socket.off('data', onData);
        resolve(got);
      }
    };
    socket.on('data', onData);
    socket.resume();
  });
}

forEachTarget('protocol upgrade', (target) => {
  const s = useSuite(target);

  it("answers an upgrade for a missing instance with LXD's 404, traced, and closes the connection", async () => {
    // A relay in front of the daemon shows whether the client closed its side.
    const relay = await socketServer((down) => {
      const up = net.connect(target.socket);
      up.on('error', () => undefined);
      down.pipe(up).pipe(down);
    });
    const traces: RequestTrace[] = [];
    const client = Client.unix(relay.path, { project: testbed().project, onTrace: (t) => traces.push(t) });
    try {
      const missing = uniqueName('no-sftp');
      await assert.rejects(client.sftp.open(missing), (e: unknown) => {
        assert.ok(e instanceof ApiError, `got ${(e as Error).name}: ${(e as Error).message}`);
        assert.equal(e.status, 404);
        assert.match(e.message, /not found/i);
        return true;
      });
      await eventually(() => relay.conns.length === 1 && relay.conns[0].destroyed, 'the refused connection is closed');
      assert.equal(traces.length, 1);
      assert.equal(traces[0].path, `/1.0/instances/${missing}/sftp?project=${testbed().project}`);
      assert.match(traces[0].error ?? '', /not found/i);
    } finally {
      await client.close();
      await relay.close();
    }
  });

  it('switches a connection to SFTP in a running instance and reads a directory through it', async () => {
    const name = await s.fx.create('upgrade', { start: true });
    const sftp = await s.client.sftp.open(name);
    try {
      assert.ok((await sftp.readdir('/')).some((e) => e.name === 'bin' && e.attrs.type === 'directory'));
    } finally {
      sftp.close();
    }
  });
});

describe('protocol upgrade against a server that misbehaves', () => {
  it('hands over the bytes that came with the 101 first, then the rest of the stream', async () => {
    const server = await socketServer((socket) =>
      socket.once('data', () => {
        socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nfirst');
        socket.write('-then');
      }),
    );
    const transport = new UnixTransport(server.path);
    try {
      const socket = await transport.upgrade('/echo', 'echo');
      assert.equal((await readBytes(socket, 10)).toString(), 'first-then');
      socket.destroy();
    } finally {
      await server.close();
    }
  });

  it('sends the request line, Upgrade and Connection headers the daemons expect', async () => {
    let request = '';
    const server = await socketServer((socket) =>
      socket.on('data', (d: Buffer) => {
        request += d.toString('latin1');
        if (request.endsWith('\r\n\r\n')) {
          socket.write('HTTP/1.1 101 Switching Protocols\r\n\r\n');
        }
      }),
    );
    const transport = new UnixTransport(server.path);
    try {
      (await transport.upgrade('/1.0/instances/c1/sftp?project=p', 'sftp')).destroy();
      assert.equal(request, 'GET /1.0/instances/c1/sftp?project=p HTTP/1.1\r\nHost: lxd\r\nUpgrade: sftp\r\nConnection: Upgrade\r\n\r\n');
    } finally {
      await server.close();
    }
  });

  it('reports a connection closed in the middle of the answer as a TransportError', async () => {
    const server = await socketServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 101 Switching Pro')));
    const transport = new UnixTransport(server.path);
    try {
      await assert.rejects(transport.upgrade('/x', 'sftp'), (e: unknown) => {
        assert.ok(e instanceof TransportError, String(e));
        assert.equal(e.code, 'ECONNRESET');
        assert.match(e.message, /closed before the server switched protocols/);
        return true;
      });
    } finally {
      await server.close();
    }
  });

  it('reads a chunked error envelope whole and reports its text; an answer that is not LXD is an HttpError', async () => {
    const envelope = JSON.stringify({ type: 'error', error: 'Instance is not running', error_code: 400, metadata: null });
    const answers = [
      `HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n${(10).toString(16)}\r\n${envelope.slice(0, 10)}\r\n${(envelope.length - 10).toString(16)}\r\n${envelope.slice(10)}\r\n0\r\n\r\n`,
      'HTTP/1.1 502 Bad Gateway\r\nContent-Length: 11\r\n\r\nbad gateway',
    ];
    const server = await socketServer((socket) => socket.once('data', () => socket.write(answers.shift()!)));
    const transport = new UnixTransport(server.path);
    try {
      await assert.rejects(
        transport.upgrade('/x', 'sftp'),
        (e: unknown) => e instanceof ApiError && e.status === 400 && e.lxdMessage === 'Instance is not running',
      );
      await assert.rejects(
        transport.upgrade('/x', 'sftp'),
        (e: unknown) => e instanceof HttpError && e.status === 502 && /bad gateway/.test(e.message),
      );
      // The server keeps both connections open: the client closed them.
      await eventually(() => server.conns.length === 2 && server.conns.every((c) => c.destroyed), 'both refused connections are closed');
    } finally {
      await server.close();
    }
  });

  it('gives up when its signal aborts while the server keeps silent, and closes the connection', async () => {
    // It reads the request and never answers.
    const server = await socketServer((socket) => socket.resume());
    const transport = new UnixTransport(server.path);
    const abort = new AbortController();
    try {
      const pending = transport.upgrade('/x', 'sftp', { signal: abort.signal });
      await eventually(() => server.conns.length === 1, 'the server got the connection');
      abort.abort();
      await assert.rejects(pending, (e: unknown) => e instanceof CancelledError);
      await eventually(() => server.conns[0].destroyed, 'the connection is closed');
    } finally {
      await server.close();
    }
  });
});
