import * as vscode from 'vscode';
import { ApiError, LifecycleEvent } from '../client';
import { ConnectionManager } from '../connections/manager';
import { describeError } from '../views/format';
import { eventTime } from './eventLines';
import { InstanceAddress, InstanceDocument } from './instanceDocument';

/** Events in a burst (stopped, then updated) are one read. */
const SETTLE_MS = 300;

/**
 * Lifecycle actions after which an instance's log files may have changed: liblxc writes `lxc.log`
 * as the instance starts and stops. Not `instance-log-retrieved`: each read raises it, and would
 * read again, for ever.
 */
const CHANGES_LOGS = /^instance-(started|stopped|shutdown|restarted|paused|resumed|updated|restored|created)$/;

/**
 * One of an instance's log files (`lxc.log` by default, what `lxc info --show-log` shows), read
 * again whenever a lifecycle event of that instance may have changed it.
 */
export class InstanceLogDocument extends InstanceDocument {
  protected readonly what: string;
  private settle?: NodeJS.Timeout;
  private state = 'reading…';
  private reading?: Promise<void>;
  private again = false;

  constructor(
    uri: vscode.Uri,
    connections: ConnectionManager,
    address: InstanceAddress,
    readonly file: string,
  ) {
    super(uri, connections, address);
    this.what = file;
  }

  protected status(): string {
    return this.state;
  }

  protected refresh(): void {
    void this.read();
  }

  protected halt(): void {
    clearTimeout(this.settle);
  }

  protected onInstanceEvent(e: LifecycleEvent): void {
    if (CHANGES_LOGS.test(e.metadata.action)) {
      clearTimeout(this.settle);
      this.settle = setTimeout(
        () => void this.read(`after ${e.metadata.action.replace(/^instance-/, '')} at ${eventTime(e.timestamp)}`),
        SETTLE_MS,
      );
    }
  }

  /** Reads the file again (once more after a read in flight, never two at once). */
  private read(why = ''): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        await this.readOnce(why);
      } while (this.again && this.following);
    })().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readOnce(why: string): Promise<void> {
    const c = this.connected();
    if (!c) {
      this.state = this.notConnected();
      this.update();
      return;
    }
    try {
      const text = await c.api(this.address.project).instances.log(this.name, this.file);
      this.lines.clear();
      this.lines.append(text.replace(/\n$/, ''));
      this.state = `read ${why || 'now'}; read again when ${this.name} starts, stops or changes`;
    } catch (e) {
      this.lines.clear();
      this.state =
        e instanceof ApiError && e.isNotFound
          ? `no ${this.file} (yet): it appears once ${this.name} has started`
          : `cannot read ${this.file}: ${describeError(e)}`;
    }
    this.update();
  }
}
