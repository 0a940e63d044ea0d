import WebSocket from 'ws';
import type { Operation } from '../../generated';
import { BackoffOptions, backoffDelay } from '../retry';
import { ApiGroup, callOpts } from './base';
import type { CallOptions } from '../request';

export type EventType = 'operation' | 'logging' | 'lifecycle';

/** One event from `/1.0/events`; `metadata` depends on `type`. */
export interface LxdEvent<T = unknown> {
  type: EventType;
  timestamp: string;
  metadata: T;
  /** Cluster member, `none` when not clustered. */
  location?: string;
  /** Absent on logging events. */
  project?: string;
}

/** `metadata` of a lifecycle event. Not in the 5.0 spec: shape from LXD's `shared/api/event.go`. */
export interface EventLifecycle {
  /** e.g. `instance-started`, `image-deleted`, `profile-updated`. */
  action: string;
  /** The object's URL, e.g. `/1.0/instances/c1?project=p` (project only when not `default`). */
  source: string;
  context?: Record<string, unknown>;
  requestor?: { username?: string; protocol?: string; address?: string };
}

/** `metadata` of a logging event (admin only). */
export interface EventLogging {
  message: string;
  level: string;
  context: Record<string, string>;
}

export type LifecycleEvent = LxdEvent<EventLifecycle> & { type: 'lifecycle' };
export type OperationEvent = LxdEvent<Operation> & { type: 'operation' };
export type LoggingEvent = LxdEvent<EventLogging> & { type: 'logging' };
export type AnyEvent = LifecycleEvent | OperationEvent | LoggingEvent;

export interface EventFilter {
  /** Default: every type the user may see. */
  types?: EventType[];
  project?: string;
  /** Events of every project (extension `event_project`). */
  allProjects?: boolean;
}

export type SubscriptionStatus = 'connecting' | 'connected' | 'disconnected' | 'closed';

export interface SubscribeOptions extends EventFilter {
  onEvent(event: AnyEvent): void;
  /** Called on every status change; `error` says why a connection was lost or refused. */
  onStatus?(status: SubscriptionStatus, error?: Error): void;
  /**
   * Reconnect delays (default 250 ms doubling to 10 s). They start over only once a stream stayed
   * up for `healthyMs`: a server that accepts and drops at once is retried less and less often.
   */
  backoff?: BackoffOptions;
  /** How long a stream must stay up before the backoff starts over (default 30 s). */
  healthyMs?: number;
  /**
   * The stream is pinged this often (default 5 s; 0: never). A stream that sent nothing at all
   * (no pong, no event, no ping of its own) between two pings is given up and reconnected: a
   * network that vanished without a reset (a laptop that slept) is noticed within two intervals.
   */
  keepAliveMs?: number;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 10_000, factor: 2, jitter: 0.2 };

/** `/1.0/events`: one JSON event per text frame (each ending in a newline). */
export class EventsApi extends ApiGroup {
  /** Opens one events websocket, without reconnecting. */
  connect(filter: EventFilter = {}, opts?: CallOptions): Promise<WebSocket> {
    const query = { ...this.listQuery({ project: filter.project, allProjects: filter.allProjects }), type: filter.types?.join(',') };
    return this.ctx.requester.transport.websocket(this.switchPath('GET /1.0/events', { query }), { ...callOpts(opts), use: 'events' });
  }

  /** A stream of events that reconnects with backoff until closed. */
  subscribe(opts: SubscribeOptions): EventSubscription {
    return new EventSubscription((signal) => this.connect(opts, { signal }), opts);
  }
}

export class EventSubscription {
  private status: SubscriptionStatus = 'connecting';
  private ws?: WebSocket;
  private attempt = 0;
  private timer?: NodeJS.Timeout;
  private healthyTimer?: NodeJS.Timeout;
  private readonly abort = new AbortController();
  /** Resolves on the first successful connection. */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly open: (signal: AbortSignal) => Promise<WebSocket>,
    private readonly opts: SubscribeOptions,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    void this.connect();
  }

  get state(): SubscriptionStatus {
    return this.status;
  }

  close(): void {
    if (this.status === 'closed') {
      return;
    }
    this.abort.abort();
    clearTimeout(this.timer);
    clearTimeout(this.healthyTimer);
    this.ws?.terminate();
    this.setStatus('closed');
  }

  private async connect(): Promise<void> {
    if (this.status === 'closed') {
      return;
    }
    this.setStatus('connecting');
    let ws: WebSocket;
    try {
      ws = await this.open(this.abort.signal);
    } catch (e) {
      this.lost(e as Error);
      return;
    }
    // close() may have run while the socket was opening.
    if ((this.status as SubscriptionStatus) === 'closed') {
      ws.terminate();
      return;
    }
    this.ws = ws;
    this.setStatus('connected');
    this.markReady();
    this.healthyTimer = setTimeout(() => (this.attempt = 0), this.opts.healthyMs ?? 30_000);
    const silence = this.keepAlive(ws);
    let failed: Error | undefined;
    ws.on('message', (data: Buffer) => this.dispatch(data));
    ws.once('close', (code: number, reason: Buffer) =>
      this.lost(silence() ?? failed ?? new Error(`events stream closed (${code}${reason.length ? `: ${reason}` : ''})`)),
    );
    // What broke the stream (a message past the cap, a broken frame) says more than its close code.
    ws.on('error', (e) => (failed ??= e));
    ws.resume();
  }

  /**
   * Pings the stream every `keepAliveMs`, and drops it when nothing came back since the previous
   * ping. LXD 5.0.2 and Incus 6.0.4 answer pings on the events stream (and ping every 10 s
   * themselves). Returns what to report if the stream was dropped for its silence.
   */
  private keepAlive(ws: WebSocket): () => Error | undefined {
    const every = this.opts.keepAliveMs ?? 5_000;
    let silent: Error | undefined;
    if (!every) {
      return () => silent;
    }
    let heard = true;
    const heardFrom = (): void => {
      heard = true;
    };
    ws.on('pong', heardFrom);
    ws.on('ping', heardFrom);
    ws.on('message', heardFrom);
    const timer = setInterval(() => {
      if (!heard) {
        silent = new Error(`the events stream stopped answering (no reply to a ping within ${every / 1000} s)`);
        ws.terminate();
        return;
      }
      heard = false;
      if (ws.readyState === WebSocket.OPEN) {
        ws.ping();
      }
    }, every);
    ws.once('close', () => clearInterval(timer));
    return () => silent;
  }

  private dispatch(data: Buffer): void {
    // A frame holds one event, but tolerate several newline-separated ones.
    for (const line of data.toString('utf8').split('\n')) {
      if (!line.trim()) {
        continue;
      }
      let event: AnyEvent;
      try {
        event = JSON.parse(line) as AnyEvent;
      } catch {
        continue;
      }
      try {
        this.opts.onEvent(event);
      } catch {
        // A listener's bug must not kill the stream.
      }
    }
  }

  private lost(error: Error): void {
    if (this.status === 'closed') {
      return;
    }
    this.ws = undefined;
    clearTimeout(this.healthyTimer);
    this.setStatus('disconnected', error);
    const delay = backoffDelay(this.attempt++, this.opts.backoff ?? DEFAULT_BACKOFF);
    this.timer = setTimeout(() => void this.connect(), delay);
  }

  private setStatus(status: SubscriptionStatus, error?: Error): void {
    if (this.status === status && !error) {
      return;
    }
    this.status = status;
    this.opts.onStatus?.(status, error);
  }
}
