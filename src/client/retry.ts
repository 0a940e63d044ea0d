export interface BackoffOptions {
  /** First delay in milliseconds. */
  initialMs: number;
  /** Upper bound of a single delay. */
  maxMs: number;
  /** Growth per attempt (2 doubles). */
  factor?: number;
  /** Fraction of random spread, 0..1, so many clients do not retry in lock step. */
  jitter?: number;
}

/** The delay before retry number `attempt` (0-based). */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(o.maxMs, o.initialMs * Math.pow(o.factor ?? 2, attempt));
  const spread = base * (o.jitter ?? 0.2);
  return Math.max(0, Math.round(base - spread + 2 * spread * random()));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryPolicy extends BackoffOptions {
  /** Total attempts including the first. */
  attempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, initialMs: 100, maxMs: 1_000, factor: 3, jitter: 0.2 };
