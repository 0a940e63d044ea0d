import * as vscode from 'vscode';
import { AnyEvent, ApiError, EventSubscription } from '../client';
import { Connection } from '../connections/connection';
import { ConnectionManager } from '../connections/manager';
import { describeError } from '../views/format';
import { ConnectionWatch } from './connectionWatch';
import { DEFAULT_FILTER, EventViewFilter, describeFilter, eventLine, eventMatches, eventTime, isFiltered } from './eventLines';
import { LiveDocument, followState } from './liveDocument';

/** Events a view keeps (and so lines it shows at most). */
export const MAX_EVENTS = 2000;

type Entry = { event: AnyEvent; line: string } | { note: string };

/**
 * A server's events as they come, one line each (like `lxc monitor --pretty`), filtered by the
 * user; hovering a line shows the whole event.
 *
 * Lifecycle and operation events come from the connection's one events stream (every project).
 * Logging events are not in it: they are admin-only (a restricted client would lose its whole
 * stream by asking for them) and, on a daemon at debug level, one per API request, this view's own
 * included. So a view opens its own `type=logging` stream, and only while its filter shows logging.
 */
export class EventsDocument extends LiveDocument {
  private entries: Entry[] = [];
  private dropped = 0;
  private filterValue: EventViewFilter = DEFAULT_FILTER;
  private watch?: ConnectionWatch;
  private logging?: { connection: Connection; subscription: EventSubscription };
  private loggingProblem?: string;
  private pausedAt?: string;
  /** What the document shows now, line by line (after the header), for hovers. */
  private shown: Entry[] = [];

  constructor(
    uri: vscode.Uri,
    private readonly connections: ConnectionManager,
    readonly connectionId: string,
  ) {
    super(uri);
  }

  get filter(): EventViewFilter {
    return this.filterValue;
  }

  /** Whether the user narrowed what is shown (the title bar then offers Clear Filter). */
  get filtered(): boolean {
    return isFiltered(this.filterValue);
  }

  setFilter(filter: EventViewFilter): void {
    this.filterValue = { ...filter, types: [...filter.types] };
    this.syncLogging();
    this.update();
  }

  /** The event shown on a line of the document, if any. */
  eventAt(line: number): AnyEvent | undefined {
    const entry = this.shown[line - this.headerLines];
    return entry && 'event' in entry ? entry.event : undefined;
  }

  protected header(): string[] {
    const c = this.connections.get(this.connectionId);
    const where = c
      ? `${c.name}${c.serverLabel ? ` (${c.serverLabel})` : ''}${c.status === 'connected' ? '' : ` · ${c.status}`}`
      : this.connectionId;
    const head = [
      `# Events of ${where} · ${followState(this, 'paused: events are not collected; "Follow" in the title bar picks up again')}`,
      `# Showing ${describeFilter(this.filterValue)} ("Filter Events…" in the title bar) · hover over a line for the whole event (paused, the view keeps still)`,
    ];
    if (this.loggingProblem && this.filterValue.types.includes('logging')) {
      head.push(`# Logging events: ${this.loggingProblem}`);
    }
    if (this.dropped) {
      head.push(`# (${this.dropped} earlier events dropped: the view keeps the last ${MAX_EVENTS})`);
    }
    return head;
  }

  protected body(): string[] {
    this.shown = this.entries.filter((e) => !('event' in e) || eventMatches(e.event, this.filterValue));
    return this.shown.length ? this.shown.map((e) => ('event' in e ? e.line : e.note)) : ['(no events yet)'];
  }

  protected startFollowing(): void {
    if (this.pausedAt) {
      this.add({
        note: `──── paused from ${this.pausedAt} to ${eventTime(new Date().toISOString())}: events in between are not shown ────`,
      });
      this.pausedAt = undefined;
    }
    this.watch = new ConnectionWatch(this.connections, this.connectionId, {
      onEvent: (e) => this.add({ event: e, line: eventLine(e) }),
      onBack: () =>
        this.add({
          note: `──── the events stream is back at ${eventTime(new Date().toISOString())}: events while it was lost are not shown ────`,
        }),
      onStatus: () => {
        this.syncLogging();
        this.update();
      },
    });
    this.syncLogging();
  }

  protected stopFollowing(): void {
    this.pausedAt = eventTime(new Date().toISOString());
    this.watch?.dispose();
    this.watch = undefined;
    this.closeLogging();
  }

  private add(entry: Entry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_EVENTS) {
      const over = this.entries.length - MAX_EVENTS;
      this.entries.splice(0, over);
      this.dropped += over;
    }
    this.update();
  }

  /** Opens the logging stream while following with logging shown, on the current connection; closes it otherwise. */
  private syncLogging(): void {
    const c = this.connections.get(this.connectionId);
    const wanted = this.following && this.filterValue.types.includes('logging') && c?.status === 'connected';
    if (!wanted || this.logging?.connection !== c) {
      this.closeLogging();
    }
    if (!wanted || this.logging) {
      return;
    }
    this.loggingProblem = undefined;
    const subscription = c.api('default').events.subscribe({
      types: ['logging'],
      onEvent: (e) => this.add({ event: e, line: eventLine(e) }),
      onStatus: (status, error) => {
        if (status === 'disconnected' && error) {
          this.loggingProblem = refusedLogging(error) ?? `${describeError(error)} (trying again)`;
          if (refusedLogging(error)) {
            subscription.close();
          }
          this.update();
        } else if (status === 'connected') {
          this.loggingProblem = undefined;
          this.update();
        }
      },
    });
    this.logging = { connection: c, subscription };
  }

  private closeLogging(): void {
    this.logging?.subscription.close();
    this.logging = undefined;
  }

  override dispose(): void {
    super.dispose();
    this.closeLogging();
  }
}

/** The server does not give this client logging events (they are for administrators). */
function refusedLogging(e: Error): string | undefined {
  return e instanceof ApiError && (e.status === 403 || e.status === 401)
    ? `the server does not send them to this client (${e.lxdMessage || 'forbidden'})`
    : undefined;
}
