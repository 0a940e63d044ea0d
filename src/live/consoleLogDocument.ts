import { ApiError, LifecycleEvent } from '../client';
import { describeError } from '../views/format';
import { eventTime } from './eventLines';
import { InstanceDocument } from './instanceDocument';
import { ConsoleText } from './text';

/** How often a running instance's console log is read while followed. */
const POLL_MS = 1000;

/**
 * An instance's console log, following what the instance writes to its console.
 *
 * Read with `GET /1.0/instances/{name}/console` every second while the instance runs, not through
 * the console websocket. On LXD 5.0.2 and Incus 6.0.4 a read of a running container's log hands
 * out what was written since the previous read (liblxc's ring buffer keeps a read position), and
 * everything written reaches that buffer, also while someone is attached to the console. The
 * websocket is no passive reader: a console holds one session (Incus refuses a second one, LXD 5.0
 * gives the output to one of two sessions by a race), so a view attached to it would take the
 * console from the user's Attach Console terminal; a detach also types a reset into the console.
 * A read that finds something raises an `instance-console-retrieved` lifecycle event; an empty one
 * raises none.
 *
 * Once the instance stopped, a read returns what was left unread at the stop, and returns it again
 * on every read until the next start: it is read once, and not again until an
 * `instance-started` event.
 */
export class ConsoleLogDocument extends InstanceDocument {
  protected readonly what = 'Console log';
  private cleaner = new ConsoleText();
  private timer?: NodeJS.Timeout;
  /** Known from the instance's state and its lifecycle events; undefined until read. */
  private running?: boolean;
  /** The log a stopped instance hands out was read (it would hand it out again). */
  private stoppedLogRead = false;
  /** When the last read that returned was sent (Date.now()), to tell whether it saw a stop. */
  private lastReadSentAt = 0;
  private reading?: Promise<void>;
  private state = 'reading…';
  /** A passing trouble (a failed read, the server away): polling goes on. */
  private problem?: string;
  /** Why there is nothing more to read (the instance went, the server keeps no such log). */
  private ended?: string;

  protected status(): string {
    return this.ended ?? this.problem ?? this.state;
  }

  protected refresh(): void {
    void this.resync();
  }

  protected halt(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Reads the instance's state, then its log; polls while it runs. */
  private async resync(): Promise<void> {
    const c = this.connected();
    if (!c) {
      this.problem = this.notConnected();
      this.update();
      return;
    }
    try {
      const inst = await c.api(this.address.project).instances.get(this.name);
      this.running = inst.status === 'Running' || inst.status === 'Frozen';
      this.problem = this.ended = undefined;
    } catch (e) {
      if (e instanceof ApiError && e.isNotFound) {
        this.ended = `${this.name} does not exist (any more)`;
      } else {
        this.problem = `cannot read ${this.name} (${describeError(e)}): trying again when the server is back`;
      }
      this.update();
      return;
    }
    this.state = this.running ? `${this.name} is running: read every second` : `${this.name} is stopped: waiting for it to start`;
    if (this.running || !this.stoppedLogRead) {
      await this.read();
    }
    this.schedule();
  }

  private schedule(): void {
    this.halt();
    if (this.following && this.running && !this.ended) {
      this.timer = setTimeout(() => void this.read().then(() => this.schedule()), POLL_MS);
    }
  }

  /** One read, appended; reads never overlap. */
  private read(): Promise<void> {
    this.reading ??= this.readOnce().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readOnce(): Promise<void> {
    const c = this.connected();
    if (!c || this.isDisposed) {
      return;
    }
    const sentAt = Date.now();
    const wasRunning = this.running;
    try {
      const text = await c.api(this.address.project).instances.consoleLog(this.name);
      this.lastReadSentAt = sentAt;
      if (!wasRunning) {
        this.stoppedLogRead = true;
      }
      this.problem = undefined;
      const clean = this.cleaner.push(text);
      if (clean) {
        this.lines.append(clean);
        this.update();
      }
    } catch (e) {
      this.ended = noConsoleLog(e);
      this.problem = this.ended ? undefined : `cannot read the console log (${describeError(e)}): trying again`;
      this.update();
    }
  }

  protected onInstanceEvent(e: LifecycleEvent): void {
    const at = eventTime(e.timestamp);
    switch (e.metadata.action) {
      case 'instance-started':
        this.mark(`started at ${at}`);
        this.running = true;
        this.stoppedLogRead = false;
        this.ended = undefined;
        this.state = `${this.name} is running: read every second`;
        void this.read().then(() => this.schedule());
        break;
      case 'instance-restarted':
        this.mark(`restarted at ${at}`);
        break;
      case 'instance-stopped':
      case 'instance-shutdown':
        void this.stopped(e.timestamp, at);
        break;
      case 'instance-deleted':
        this.end(`${this.name} was deleted at ${at}`);
        break;
      case 'instance-renamed':
        this.end(`${this.name} was renamed at ${at}: open the console log under its new name`);
        break;
    }
  }

  /** The instance stopped: what it wrote since the last read is read once, unless a read sent after the stop already had it. */
  private async stopped(timestamp: string, at: string): Promise<void> {
    if (this.running === false) {
      return;
    }
    this.running = false;
    this.halt();
    await this.reading;
    if (!(this.lastReadSentAt > Date.parse(timestamp))) {
      await this.read();
    }
    this.stoppedLogRead = true;
    this.state = `${this.name} is stopped: waiting for it to start`;
    this.mark(`stopped at ${at}`);
  }

  private end(why: string): void {
    this.running = false;
    this.ended = why;
    this.halt();
    this.update();
  }

  private mark(what: string): void {
    this.cleaner = new ConsoleText();
    this.lines.appendLines(`──── ${this.name} ${what} ────`);
    this.update();
  }
}

/** What the server says when it keeps no console log for the instance (LXD 5.0 for VMs), as the view says it. */
function noConsoleLog(e: unknown): string | undefined {
  if (e instanceof ApiError && /not container type|Unsupported instance type/i.test(e.lxdMessage)) {
    return 'this server keeps no console log for virtual machines: "Attach Console" shows the VM\'s serial console';
  }
  return undefined;
}
