import type WebSocket from 'ws';
import type { InstanceConsolePost } from '../../generated';
import { OperationHandle } from '../operation';
import { path } from '../url';
import { ApiGroup, ProjectOptions, callOpts } from './base';
import { TerminalChannel } from './terminal';

export interface ConsoleOptions extends ProjectOptions {
  width: number;
  height: number;
  /** Incus: take the console over from another session. */
  force?: boolean;
}

/**
 * `POST /1.0/instances/{name}/console` (type `console`): a bidirectional byte stream to the
 * instance's console. Detaching closes the control socket; LXD then ends the operation.
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
    const project = this.project(opts);
    const op = await this.operation({ method: 'POST', path: path`/1.0/instances/${name}/console`, query: { project }, body, ...callOpts(opts) }, project);
    const fds = (op.initial.metadata as { fds?: Record<string, string> } | null)?.fds ?? {};
    const open = (fd: string): Promise<WebSocket> =>
      this.ctx.requester.transport.websocket(path`/1.0/operations/${op.id}/websocket` + `?secret=${encodeURIComponent(fds[fd])}`);
    const [data, control] = await Promise.all([open('0'), open('control')]);
    return new ConsoleSession(op, data, control);
  }
}

export class ConsoleSession extends TerminalChannel {
  /** Resolves when the console is detached or the instance's console went away. */
  readonly closed: Promise<void>;

  constructor(operation: OperationHandle, data: WebSocket, control: WebSocket) {
    super(operation, data, control);
    this.closed = new Promise<void>((resolve) => {
      data.once('close', () => resolve());
      data.once('error', () => resolve());
    }).finally(() => this.detach());
    this.start();
  }

  /** Detaches: the instance keeps running; only this console session ends (LXD closes the data socket). */
  detach(): void {
    this.closeControl();
  }

  protected onEndOfStream(): void {
    // The console's output ended (the instance stopped): LXD closes the socket next.
  }
}
