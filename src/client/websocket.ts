import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { CancelledError, LxdError, RequestContext } from './errors';
import { errorFromBody } from './envelope';
import { transportError } from './transport';

/**
 * Opens a websocket and resolves once the upgrade succeeded. A refused upgrade is turned into LXD's own
 * error (LXD answers every pre-upgrade failure with an error envelope, usually HTTP 500).
 *
 * The socket comes back PAUSED: LXD may start sending (exec output starts as soon as the last data
 * socket joins) before the caller has attached its listeners, and ws drops messages nobody listens
 * to. Attach listeners, then call `resume()`.
 */
export function openWebSocket(
  url: string,
  options: WebSocket.ClientOptions,
  context: RequestContext,
  signal?: AbortSignal,
  hint?: (code: string) => string | undefined,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError('Opening the websocket', context));
      return;
    }
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      // Data frames are binary; text frames are JSON or empty end-of-stream markers.
      skipUTF8Validation: true,
      maxPayload: 256 * 1024 * 1024,
      ...options,
    });
    let settled = false;
    const settle = (err: LxdError | undefined): void => {
      if (settled) {
        return;
      }
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      ws.off('open', onOpen);
      if (err) {
        ws.terminate();
        reject(err);
      } else {
        resolve(ws);
      }
    };
    const onAbort = (): void => settle(new CancelledError('Opening the websocket', context));
    const onOpen = (): void => {
      ws.pause();
      settle(undefined);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    ws.once('upgrade', (res: IncomingMessage) => sockets.set(ws, res.socket));
    ws.once('open', onOpen);
    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      readAll(res).then(
        (body) => settle(errorFromBody(res.statusCode ?? 0, body, context)),
        (e) => settle(transportError(e, context.address ?? url, context, hint)),
      );
    });
    ws.on('error', (e) => {
      if (!settled) {
        settle(transportError(e, context.address ?? url, context, hint));
      }
    });
  });
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

const sockets = new WeakMap<WebSocket, Duplex>();

/**
 * Starts the closing handshake and resolves once the peer has answered it with its own close frame,
 * or the connection is gone, or `timeoutMs` passed (then `false`). The peer may keep the connection
 * open after its answer (LXD does, until the whole operation ends), so this does not wait for the
 * socket to close: ws ends its side of the connection exactly when both close frames have crossed,
 * and that is what this waits for.
 */
export function closeHandshake(ws: WebSocket, code: number, timeoutMs: number): Promise<boolean> {
  const socket = sockets.get(ws);
  if (ws.readyState === WebSocket.CLOSED || !socket) {
    ws.close(code);
    return Promise.resolve(ws.readyState === WebSocket.CLOSED);
  }
  return new Promise((resolve) => {
    const done = (answered: boolean): void => {
      clearTimeout(timer);
      socket.off('finish', onAnswered);
      ws.off('close', onAnswered);
      resolve(answered);
    };
    const onAnswered = (): void => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('finish', onAnswered);
    ws.once('close', onAnswered);
    ws.close(code);
  });
}

