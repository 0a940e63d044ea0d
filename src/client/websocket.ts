import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { CancelledError, HttpError, LxdError, RequestContext, TimeoutError, TooLargeError } from './errors';
import { errorFromBody } from './envelope';
import { transportError } from './transport';

/** What a websocket carries: the events stream, an operation's control socket, or its data (exec, console). */
export type WebSocketUse = 'events' | 'control' | 'data';

/**
 * The largest websocket message accepted, per use: past it ws refuses the frame from its header
 * (nothing is buffered) and the socket is closed with a TooLargeError. Seen on LXD 5.0.2 and Incus
 * 6.0.4: an event is one JSON frame, the largest about 1 KiB (lifecycle and operation events,
 * while a profile with a 200 KB config was created and deleted), so 1 MiB leaves a thousandfold
 * margin; control sockets carry a few bytes of JSON (the client speaks, the daemon only closes);
 * data frames are one read of the process' output, at most 64 KiB on LXD and 32 KiB on Incus
 * (`head -c 20M /dev/zero`, a pty flood), so 1 MiB leaves a sixteenfold one. SFTP is no
 * websocket: its packets have their own cap (MAX_SFTP_PACKET, 256 KiB).
 */
export const WS_MAX_PAYLOAD: Record<WebSocketUse, number> = {
  events: 1024 * 1024,
  control: 64 * 1024,
  data: 1024 * 1024,
};

/** What the transports' `websocket` take. */
export interface WebSocketOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Sets the largest message accepted (WS_MAX_PAYLOAD); `data` when not given. */
  use?: WebSocketUse;
  /**
   * The socket only receives: it never writes, not even the pong to the server's keepalive ping.
   * For an exec's stdout and stderr. Their server end closes as soon as the output has gone, without
   * reading; a pong written after that fails (EPIPE) and Node destroys the socket, and with it the
   * output and end-of-stream frame still unread in the kernel's buffer. Seen about once in 700 runs
   * of a short command on Incus 6.0 (the initial ping's pong racing the process' exit). Neither
   * daemon waits for pongs: its pings only keep the connection alive and find dead clients.
   */
  receiveOnly?: boolean;
}

/**
 * How long an exec's or a console's data socket may stay silent before its connection counts as
 * lost. Both daemons ping every exec socket every 10 s (LXD 5.0.2, Incus 6.0.4: seen on stdout, the
 * pty and control), so 30 s without even a ping is three missed pings; a console pings its control
 * socket every 10 s itself (see watchSilence).
 */
export const SILENCE_MS = 30_000;

/**
 * Watches a socket for silence. When nothing at all came (no frame, no ping, no pong) for `limitMs`
 * while the socket was reading, the network went silent without a reset (a VPN that dropped, a
 * laptop that slept): the socket is terminated, and the function returned says so from then on.
 * While the caller has paused the socket, nothing is read and nothing counts.
 *
 * An exec's sockets are watched passively: the daemons ping them (see SILENCE_MS), and a ping of
 * ours could go unanswered by a daemon whose reader is blocked (input the process does not read),
 * cutting a session that works. Neither daemon pings a console's sockets (none in 22 s on LXD 5.0.2
 * or Incus 6.0.4), so a console passes `pingVia`, its control socket: it is pinged every third of
 * the limit and its pongs count. The daemons' reader of a control socket waits only for control
 * messages, never for the instance, and both answered every ping, also with 256 KiB typed into a
 * console that nothing in the instance read.
 */
export function watchSilence(ws: WebSocket, limitMs: number, opts: { pingVia?: WebSocket } = {}): () => boolean {
  let silent = false;
  if (!limitMs) {
    return () => silent;
  }
  let heard = Date.now();
  const hear = (): void => {
    heard = Date.now();
  };
  ws.on('ping', hear);
  ws.on('pong', hear);
  ws.on('message', hear);
  const pinged = opts.pingVia;
  pinged?.on('pong', hear);
  let lastPing = Date.now();
  const timer = setInterval(
    () => {
      const now = Date.now();
      if (ws.isPaused) {
        heard = now;
      } else if (now - heard > limitMs) {
        silent = true;
        clearInterval(timer);
        ws.terminate();
        pinged?.terminate();
        return;
      }
      if (pinged?.readyState === WebSocket.OPEN && now - lastPing >= limitMs / 3) {
        lastPing = now;
        pinged.ping();
      }
    },
    Math.min(5_000, Math.max(50, limitMs / 4)),
  );
  timer.unref();
  ws.once('close', () => clearInterval(timer));
  return () => silent;
}

/** The ws options a transport's `websocket` derives from the caller's. */
export function socketOptions(opts: WebSocketOptions | undefined): WebSocket.ClientOptions {
  return { maxPayload: WS_MAX_PAYLOAD[opts?.use ?? 'data'], autoPong: opts?.receiveOnly !== true };
}

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
      maxPayload: WS_MAX_PAYLOAD.data,
      ...options,
    });
    refuseOversized(ws, options.maxPayload ?? WS_MAX_PAYLOAD.data, context);
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
 * A message past the cap: ws reports it as a bare RangeError ("Max payload size exceeded"), sends a
 * 1009 close and waits up to 30 s for the peer's answer. This listener runs before any other (it
 * is attached first), so every listener sees the error say what was too large and where; and the
 * socket goes at once: a peer that sends such a message is not waited for.
 */
function refuseOversized(ws: WebSocket, limit: number, context: RequestContext): void {
  ws.on('error', (e: Error & { code?: string }) => {
    if (e.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      e.message = `${new TooLargeError('A websocket message', limit, context).message}; the socket was closed`;
      ws.terminate();
    }
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
