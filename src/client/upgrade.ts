import type { Duplex } from 'node:stream';
import { errorFromBody } from './envelope';
import { CancelledError, LxdError, RequestContext, TransportError } from './errors';
import { transportError } from './transport';

/** How much of a refused upgrade's answer is read for LXD's error text. */
const MAX_ERROR_BYTES = 64 * 1024;

/**
 * Sends `GET path` with `Upgrade: protocol` on a connection that nothing else uses, and resolves
 * with that connection once the server answered `101 Switching Protocols`. From then on the socket
 * carries the protocol's own bytes (SFTP packets for `sftp`).
 *
 * The request is written by hand rather than through `http.request`: VS Code's extension host
 * gives every `http.request` an agent of its own (its proxy support), which would open a new,
 * unverified connection instead of this one.
 *
 * The socket comes back PAUSED, with any bytes that followed the 101's headers put back in front:
 * attach listeners, then `resume()`. Any other answer rejects with LXD's error (an ApiError from
 * its envelope, an HttpError otherwise); a connection that closes before the headers end rejects
 * with a TransportError. Either way the socket is destroyed.
 */
export function upgradeSocket(
  socket: Duplex,
  req: { path: string; protocol: string; host: string; context: RequestContext; signal?: AbortSignal },
): Promise<Duplex> {
  const { context, signal } = req;
  const address = context.address ?? '';
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    let refused: { status: number; headerEnd: number } | undefined;
    const settle = (err?: LxdError): void => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        socket.destroy();
        reject(err);
      }
    };
    const refusal = (): LxdError => {
      const body = decodeBody(head.subarray(refused!.headerEnd), head.subarray(0, refused!.headerEnd).toString('latin1'));
      return errorFromBody(refused!.status, body, context);
    };
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      if (refused) {
        if (bodyComplete(head, refused.headerEnd) || head.length > MAX_ERROR_BYTES) {
          settle(refusal());
        }
        return;
      }
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        return;
      }
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (status === 101) {
        settle();
        socket.pause();
        const rest = head.subarray(end + 4);
        if (rest.length) {
          socket.unshift(rest);
        }
        resolve(socket);
        return;
      }
      // LXD answers every failure before the switch with its error envelope: read it for LXD's words.
      refused = { status, headerEnd: end + 4 };
      if (bodyComplete(head, refused.headerEnd)) {
        settle(refusal());
      }
    };
    const onEnd = (): void => {
      settle(refused ? refusal() : closedEarly(address, context));
    };
    const onError = (e: Error): void => settle(transportError(e, address, context));
    const onAbort = (): void => settle(new CancelledError(`${context.method} ${context.path}`, context));
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onError);
    socket.write(`GET ${req.path} HTTP/1.1\r\nHost: ${req.host}\r\nUpgrade: ${req.protocol}\r\nConnection: Upgrade\r\n\r\n`);
  });
}

function closedEarly(address: string, context: RequestContext): TransportError {
  return new TransportError({
    message: `The connection to ${address} closed before the server switched protocols. Did the daemon stop?`,
    code: 'ECONNRESET',
    address,
    context,
  });
}

/** Whether a refused upgrade's body has fully arrived: by its Content-Length, or the last chunk. */
function bodyComplete(data: Buffer, headerEnd: number): boolean {
  const headers = data.subarray(0, headerEnd).toString('latin1');
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(headers)?.[1];
  if (length !== undefined) {
    return data.length - headerEnd >= Number(length);
  }
  return isChunked(headers) && data.subarray(headerEnd).includes('0\r\n\r\n');
}

function isChunked(headers: string): boolean {
  return /\r\ntransfer-encoding:\s*chunked/i.test(headers);
}

/** The body as text, taken out of its chunks when it came chunked. */
function decodeBody(body: Buffer, headers: string): string {
  if (!isChunked(headers)) {
    return body.toString('utf8');
  }
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length;) {
    const lineEnd = body.indexOf('\r\n', at);
    const size = lineEnd < 0 ? 0 : parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) {
      break;
    }
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts).toString('utf8');
}
