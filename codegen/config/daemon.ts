import { request } from 'node:http';

/** What a daemon answered: the reply body's bytes, exactly, and the metadata in it. */
export interface DaemonMetadata {
  product: string;
  version: string;
  body: Buffer;
  metadata: unknown;
}

/**
 * Reads `GET /1.0/metadata/configuration` from an Incus daemon over its unix socket, with the
 * daemon's product and version from `GET /1.0`. LXD 5.0 has no such endpoint (404): that is an
 * error here, as is any server without the `metadata_configuration` extension.
 */
export async function readDaemonMetadata(socketPath: string): Promise<DaemonMetadata> {
  const server = envelope(await get(socketPath, '/1.0'), 'GET /1.0') as {
    api_extensions?: string[];
    environment?: { server?: string; server_version?: string };
  };
  const product = server.environment?.server ?? 'unknown';
  const version = server.environment?.server_version ?? 'unknown';
  if (!server.api_extensions?.includes('metadata_configuration')) {
    throw new Error(`${socketPath}: ${product} ${version} has no metadata_configuration extension: it publishes no configuration keys`);
  }
  const body = await get(socketPath, '/1.0/metadata/configuration');
  return { product, version, body, metadata: envelope(body, 'GET /1.0/metadata/configuration') };
}

function envelope(body: Buffer, what: string): unknown {
  const reply = JSON.parse(body.toString('utf8')) as { type?: string; error?: string; metadata?: unknown };
  if (reply.type !== 'sync') {
    throw new Error(`${what}: ${reply.error || `a ${reply.type} reply`}`);
  }
  return reply.metadata;
}

function get(socketPath: string, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', headers: { host: 'localhost' }, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${socketPath}: GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
