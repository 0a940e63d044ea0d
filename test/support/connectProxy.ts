import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy on 127.0.0.1 that answers every `CONNECT` by tunnelling to one loopback address,
 * whatever host was asked for: a client can be pointed at a made-up name (`images.invalid`) and
 * reach the test bed's image server through it, without any name being resolved.
 */
export class ConnectProxy {
  /** The `host:port` of each CONNECT, in order, and the Proxy-Authorization sent with it. */
  readonly connects: { authority: string; authorization?: string }[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(to: { host: string; port: number }): Promise<ConnectProxy> {
    const server = http.createServer((_req, res) => res.writeHead(405).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new ConnectProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      proxy.connects.push({ authority: req.url ?? '', authorization: req.headers['proxy-authorization'] });
      const upstream = net.connect(to.port, to.host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    return proxy;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** A loopback port nothing listens on (taken from the kernel, then freed). */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
