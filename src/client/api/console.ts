import WebSocket from 'ws';
import type { InstanceConsolePost } from '../../generated';
import { OperationHandle, isOperationFailure } from '../operation';
import { TransportError } from '../errors';
import { closeHandshake, watchSilence } from '../websocket';
import { ApiGroup, ProjectOptions, callOpts } from './base';
import { SessionLink, TerminalChannel, connectionLost, sessionLink } from './terminal';

export interface ConsoleOptions extends ProjectOptions {
  width: number;
  height: number;
  /** Incus: take the console over from another session. */
  force?: boolean;
  /**
   * How long the console may stay silent, its control socket pinged every third of it, before its
   * connection counts as lost (see watchSilence): 30 s unless given, 0 never.
   */
  silenceMs?: number;
}

/**
 * `POST /1.0/instances/{name}/console` (type `console`): a bidirectional byte stream to the
 * instance's console. Detaching (`ConsoleSession.detach`) ends the session; the server then ends the
 * operation.
 *
 * Observed on the daemons: LXD 5.0 wires the console up a moment after the attach returns (what
 * the instance writes before that is not shown, nor what is typed). A console holds one session:
 * Incus refuses a second one unless `force` takes it over (the first then ends); LXD 5.0 accepts
 * it and one of the two, by a race, gets the console. Right after a detach LXD 5.0 may give a new
 * session nothing. What was shown stays in the console log (`instances.consoleLog`).
 */
export class ConsoleApi extends ApiGroup {
  async attach(name: string, opts: ConsoleOptions): Promise<ConsoleSession> {
    const body: InstanceConsolePost = { type: 'console', width: opts.width, height: opts.height };
    if (opts.force) {
      (body as Record<string, unknown>).force = true;
    }
    const op = await this.operation('POST /1.0/instances/{name}/console', {
      path: { name },
      query: { project: this.project(opts) },
      body,
      ...callOpts(opts),
    });
    const open = (fd: string): Promise<WebSocket> => this.operationSocket(op, fd);
    const [data, control, kind] = await Promise.all([open('0'), open('control'), this.ctx.kind(callOpts(opts))]);
    const link = sessionLink(this.ctx.requester.transport.address, opts.silenceMs);
    return new ConsoleSession(op, data, control, link, kind === 'lxd');
  }
}

/** What LXD's console operation reports when its data socket was closed before the detach. */
const LXD_CLOSED_FIRST = /file already closed/;

export class ConsoleSession extends TerminalChannel {
  /** Resolves when the console is detached, the instance's console went away, or its connection was lost (see `lost`). */
  readonly closed: Promise<void>;
  private detaching?: Promise<void>;
  private readonly silent: () => boolean;

  /**
   * @param closeDataFirst Close the data socket before the control socket on detach (LXD): see `detach`.
   */
  constructor(
    operation: OperationHandle,
    data: WebSocket,
    control: WebSocket,
    private readonly link: SessionLink,
    private readonly closeDataFirst = false,
  ) {
    super(operation, data, control);
    this.silent = watchSilence(data, link.silenceMs, { pingVia: control });
    this.closed = new Promise<void>((resolve) => {
      data.once('close', () => resolve());
      data.once('error', () => resolve());
    }).finally(() => this.detach());
    this.start();
  }

  /**
   * Detaches: the instance keeps running; only this console session ends (the server closes the
   * data socket).
   *
   * On LXD the data socket is closed first, and the control socket only once LXD has answered
   * that close. LXD (5.0 at least) ends a console by writing to the data socket from two goroutines
   * at once when the console has output in flight, such as the echo of the reset it types into the
   * console on detach; gorilla/websocket then panics and the whole daemon exits (reproduced here in
   * about one detach in 250 by closing the control socket alone, the way `lxc console` does). Once
   * LXD has answered the close, every later write to that socket fails before it starts, so nothing
   * can race. LXD then reports the operation as failed ("file already closed"): `ended` treats that
   * as the detach it is. Incus writes from one place and gets the plain detach.
   */
  detach(): Promise<void> {
    this.detaching ??= (async () => {
      if (this.closeDataFirst && this.data.readyState === WebSocket.OPEN) {
        await closeHandshake(this.data, 1000, 2000);
      }
      this.closeControl();
    })();
    return this.detaching;
  }

  /**
   * Once `closed` resolved: the error when the console closed because its connection went silent
   * (nothing, not even a pong on the control socket, came for the limit), else undefined. A
   * connection cut outright cannot be told from the console being taken over: Incus closes a
   * session it takes over without a close frame, as a cut does.
   */
  get lost(): TransportError | undefined {
    return this.silent() ? connectionLost(this.link, true, 'while the console was attached') : undefined;
  }

  /**
   * Resolves when the console operation has ended after a detach or the console went away; rejects
   * when the server reports a failure other than LXD's answer to the close-first detach.
   */
  async ended(): Promise<void> {
    try {
      await this.operation.wait();
    } catch (e) {
      if (!(this.closeDataFirst && this.detaching && isOperationFailure(e) && LXD_CLOSED_FIRST.test(e.lxdMessage))) {
        throw e;
      }
    }
  }

  protected onEndOfStream(): void {
    // The console's output ended (the instance stopped): LXD closes the socket next.
  }
}
