/**
 * When a view root's list must be read, and what VS Code's question for its rows waits on: the
 * rules every root that lists a server's objects follows (ListRoot, InstancesRoot), kept here once.
 *
 * - A list counts as loaded only if nothing declared it stale while it was on the wire: a change
 *   announced meanwhile (its redraw waits for that list, see Redraws) is listed on the next draw
 *   instead of lost.
 * - A reload reads the list again and redraws what changed once it is here; meanwhile VS Code's
 *   questions get the rows there are. A redraw of the whole list taken in that moment (a filter,
 *   the server's node) would otherwise leave the view without rows until the list came, and a menu
 *   action chosen on a row would reach its command without the row.
 * - A reload asked while VS Code's own question for the rows is on the wire (a server that connects
 *   as the view opens) waits for that answer, then reads the list again and redraws only what
 *   differs: redrawing the server would wait for that answer and then take the rows away just as
 *   they appeared.
 */
export class ListingState {
  private loaded = false;
  /** How many times the list was declared stale (see mark). */
  private invalidations = 0;
  /** The list VS Code's question waits on while it is on the wire. */
  private answering?: Promise<unknown>;
  /** Whether the last answer to VS Code was the rows (not a message). */
  private drawn = false;
  /** Reloads reading the list again. */
  private reloading = 0;

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Declares the list stale: the next question lists again, and a list on the wire does not count. */
  invalidate(): void {
    this.loaded = false;
    this.invalidations++;
  }

  /** VS Code asks for the rows: nothing is drawn until `drewRows`. */
  asked(): void {
    this.drawn = false;
  }

  /** The answer to VS Code's question was the rows. */
  drewRows(): void {
    this.drawn = true;
  }

  /** Whether VS Code's question must wait for a list: it is stale, and no reload has rows to give meanwhile. */
  mustList(rowsToGive: boolean): boolean {
    return !this.loaded && !(this.reloading > 0 && rowsToGive);
  }

  /**
   * Makes the list `start` reads what questions wait on while it is on the wire. With `join`, a list
   * already on the wire is waited on instead of starting another.
   */
  answer<R>(start: () => Promise<R>, join: boolean): Promise<R> {
    if (join && this.answering) {
      return this.answering as Promise<R>;
    }
    const answer = start();
    this.answering = answer;
    const done = (): void => {
      if (this.answering === answer) {
        this.answering = undefined;
      }
    };
    answer.then(done, done);
    return answer;
  }

  /** Taken as a list is asked for; `settle` it once the list is in. */
  mark(): number {
    return this.invalidations;
  }

  /** The list asked for at `mark` is in: loaded, unless it was declared stale meanwhile. */
  settle(mark: number): void {
    this.loaded = mark === this.invalidations;
  }

  /**
   * How a reload redraws: `rows` when the rows shown are the listed ones (loaded, or just drawn by
   * the question this waited for), so the list can be read again and only what changed redrawn;
   * `whole` when the list is stale or its server not connected: the list is then declared stale,
   * for the question the whole redraw brings.
   */
  async reloadPlan(connected: () => boolean): Promise<'rows' | 'whole'> {
    let answered = false;
    if (!this.loaded && this.answering && connected()) {
      this.invalidate();
      await this.answering.catch(() => undefined);
      answered = this.drawn;
    }
    if ((this.loaded || answered) && connected()) {
      return 'rows';
    }
    this.invalidate();
    return 'whole';
  }

  /** Reads the list again for a reload; meanwhile questions get the rows there are (see mustList). */
  async rereading<R>(read: () => Promise<R>): Promise<R> {
    this.reloading++;
    try {
      return await read();
    } finally {
      this.reloading--;
    }
  }
}
