import * as fs from 'node:fs';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where a test server listens: `127.0.0.1:port`, or a unix socket in `dir` (removed by `unlisten`). */
export interface Listening {
  address: string;
  dir?: string;
}

/**
 * Starts `server` on loopback only: 127.0.0.1 with a port the kernel picks, or a unix socket in a
 * fresh temp dir named after `prefix`.
 */
export async function listenLoopback(server: net.Server, kind: 'tcp' | 'unix', prefix: string): Promise<Listening> {
  const dir = kind === 'unix' ? fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`)) : undefined;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve();
    });
    if (dir) {
      server.listen(path.join(dir, `${prefix}.socket`));
    } else {
      server.listen(0, '127.0.0.1');
    }
  });
  const a = server.address();
  return { address: typeof a === 'string' ? a : `127.0.0.1:${(a as net.AddressInfo).port}`, dir };
}

/** Closes `server` and removes its temp dir. */
export async function unlisten(server: net.Server, where: Listening): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (where.dir) {
    fs.rmSync(where.dir, { recursive: true, force: true });
  }
}
