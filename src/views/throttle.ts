/**
 * A trailing throttle per key: the first call for a key starts the period, calls during it replace
 * the function to run, and the last one runs when the period ends. A steady stream of events so
 * refreshes once a period, where a debounce (waiting for a quiet moment) could wait forever.
 */
export class KeyedThrottle {
  private readonly timers = new Map<string, { cancel(): void }>();
  private readonly pending = new Map<string, () => void>();

  constructor(
    private readonly periodMs: () => number,
    /** Runs `fn` after `ms`; the default is setTimeout. */
    private readonly schedule: (fn: () => void, ms: number) => { cancel(): void } = (fn, ms) => {
      const t = setTimeout(fn, ms);
      return { cancel: () => clearTimeout(t) };
    },
  ) {}

  run(key: string, fn: () => void): void {
    this.pending.set(key, fn);
    if (this.timers.has(key)) {
      return;
    }
    this.timers.set(
      key,
      this.schedule(() => {
        this.timers.delete(key);
        const last = this.pending.get(key);
        this.pending.delete(key);
        last?.();
      }, this.periodMs()),
    );
  }

  dispose(): void {
    this.timers.forEach((t) => t.cancel());
    this.timers.clear();
    this.pending.clear();
  }
}
