import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { Agent } from './undici';
import type WebSocket from 'ws';
import { inspectSocket } from './sockets';
import { Transport, TransportRequest, TransportResponse, agentRequest, transportError } from './transport';
import { upgradeSocket } from './upgrade';
import { redactPath } from './url';
import { WebSocketOptions, handshakeDeadline, openWebSocket, socketOptions } from './websocket';

/** The local daemon's unix socket. The socket speaks HTTP/1.1; any Host works. */
export class UnixTransport implements Transport {
  readonly kind = 'unix' as const;
  readonly address: string;
  private readonly agent: Agent;

  constructor(readonly socketPath: string) {
    this.address = `unix:${socketPath}`;
    this.agent = new Agent({
      connect: { socketPath },
      keepAliveTimeout: 30_000,
      // Exec output, file downloads and operation waits can take long; callers pass their own signals.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  request(req: TransportRequest): Promise<TransportResponse> {
    return agentRequest(this.agent, 'http://lxd', this.address, req, this.hint);
  }

  websocket(path: string, opts?: WebSocketOptions): Promise<WebSocket> {
    const context = { method: 'GET', path: redactPath(path), address: this.address };
    return handshakeDeadline(context, opts, (signal) =>
      openWebSocket(`ws+unix://${this.socketPath}:${path}`, socketOptions(opts), context, signal, this.hint),
    );
  }

  upgrade(path: string, protocol: string, opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<Duplex> {
    const context = { method: 'GET', path: redactPath(path), address: this.address };
    return handshakeDeadline(context, opts, async (signal) => {
      const socket = await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect(this.socketPath, () => {
          s.off('error', onError);
          resolve(s);
        });
        const onError = (e: Error): void => reject(transportError(e, this.address, context, this.hint));
        s.once('error', onError);
      });
      return upgradeSocket(socket, { path, protocol, host: 'lxd', context, signal });
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Permission problems are about group membership: say which group. */
  private readonly hint = (code: string): string | undefined => {
    if (code !== 'EACCES' && code !== 'EPERM') {
      return undefined;
    }
    const group = inspectSocket(this.socketPath).group;
    return group && group !== 'root'
      ? `Your user is not in the "${group}" group that owns the socket: add it (sudo usermod -aG ${group} $USER) and log in again.`
      : 'Only root may use this socket.';
  };
}
