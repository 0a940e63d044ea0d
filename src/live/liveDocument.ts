import * as vscode from 'vscode';

/** How often a growing document is redrawn at most: a burst of output or events is one update. */
const REDRAW_MS = 150;

/**
 * A read-only document that grows while it follows its source (an instance's console or log, a
 * server's events). Its first lines say what it shows and whether it follows; "Stop Following" and
 * "Follow" in the editor's title bar switch that.
 */
export abstract class LiveDocument implements vscode.Disposable {
  private followingValue = false;
  private redraw?: NodeJS.Timeout;
  private disposed = false;
  private readonly changed = new vscode.EventEmitter<LiveDocument>();
  /** The text changed (at most every REDRAW_MS). */
  readonly onDidChange = this.changed.event;

  constructor(readonly uri: vscode.Uri) {}

  get following(): boolean {
    return this.followingValue;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** The header: what this shows, from where, and whether it follows (without trailing newline). */
  protected abstract header(): string[];
  /** The body's lines. */
  protected abstract body(): string[];
  /** Starts reading the source (called on open and on "Follow"). */
  protected abstract startFollowing(): void;
  /** Stops reading it ("Stop Following"); what was shown stays. */
  protected abstract stopFollowing(): void;

  /** How many lines the header takes: body line `n` is document line `headerLines + n`. */
  get headerLines(): number {
    return this.header().length;
  }

  text(): string {
    return [...this.header(), ...this.body()].join('\n') + '\n';
  }

  follow(): void {
    if (this.followingValue || this.disposed) {
      return;
    }
    this.followingValue = true;
    this.startFollowing();
    this.update();
  }

  pause(): void {
    if (!this.followingValue || this.disposed) {
      return;
    }
    this.followingValue = false;
    this.stopFollowing();
    this.update();
  }

  /** Redraws soon; many calls in a burst are one redraw. */
  protected update(): void {
    if (this.disposed || this.redraw) {
      return;
    }
    this.redraw = setTimeout(() => {
      this.redraw = undefined;
      if (!this.disposed) {
        this.changed.fire(this);
      }
    }, REDRAW_MS);
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    if (this.followingValue) {
      this.followingValue = false;
      this.stopFollowing();
    }
    this.disposed = true;
    clearTimeout(this.redraw);
    this.changed.dispose();
  }
}

/** `following` / `paused` as the header says it. */
export function followState(doc: LiveDocument, paused = 'not following: "Follow" in the title bar picks up again'): string {
  return doc.following ? 'following: "Stop Following" in the title bar pauses' : paused;
}
