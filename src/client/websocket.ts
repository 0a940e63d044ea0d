import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { CancelledError, HttpError, LxdError, RequestContext, TimeoutError } from './errors';
import { errorFromBody } from './envelope';
import { transportError } from './transport';

/**
 * The largest websocket message accepted (ws closes with 1009 past it, nothing is buffered): events
 * and control messages are small JSON, and LXD sends a terminal's output one read per frame.
 */
export const WS_MAX_PAYLOAD = 16 * 1024 * 1024;

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
      maxPayload: WS_MAX_PAYLOAD,
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
      const status = res.statusCode ?? 0;
      readAll(res).then(
        // A success status where a 101 belongs is no LXD answer at all (a proxy, something else listening).
        (body) =>
          settle(
            status < 400
              ? new HttpError(status, `expected 101 Switching Protocols: ${body.slice(0, 200)}`, context)
              : errorFromBody(status, body, context),
          ),
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

/**
 * How long opening a websocket or an upgraded connection may take, from the first connect to the
 * server's 101: a daemon (or a network) that accepts the connection and never answers must not
 * hang a terminal or the events stream forever.
 */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Runs one handshake (`open`) under a deadline: once `timeoutMs` (default HANDSHAKE_TIMEOUT_MS; 0
 * for none) passed, the signal handed to `open` aborts, so it drops what it opened, and the call
 * fails with a TimeoutError. The caller's own `signal` aborts it too (a CancelledError).
 */
export async function handshakeDeadline<T>(
  context: RequestContext,
  opts: { signal?: AbortSignal; timeoutMs?: number } | undefined,
  open: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const ms = opts?.timeoutMs ?? HANDSHAKE_TIMEOUT_MS;
  const ctl = new AbortController();
  let timedOut = false;
  const timer = ms > 0 ? setTimeout(() => ((timedOut = true), ctl.abort()), ms) : undefined;
  const onAbort = (): void => ctl.abort();
  if (opts?.signal?.aborted) {
    ctl.abort();
  }
  opts?.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await open(ctl.signal);
  } catch (e) {
    if (timedOut) {
      throw new TimeoutError(`The handshake with ${context.address ?? 'the server'} (${context.method} ${context.path})`, ms, context);
    }
    throw e;
  } finally {
    clearTimeout(timer);
    opts?.signal?.removeEventListener('abort', onAbort);
  }
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
