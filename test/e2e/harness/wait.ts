export interface WaitOptions {
  /** Milliseconds before giving up; 10 s unless told. */
  timeout?: number;
  /** Says what was awaited, for the error. */
  message?: string;
  /** Milliseconds between two checks. */
  interval?: number;
}

/** Thrown from a condition to stop waiting at once (the thing awaited can no longer happen). */
export class WaitAborted extends Error {}

/**
 * Checks `condition` until it returns something truthy, and returns that. A condition that
 * throws counts as not yet (its last error is reported if time runs out), unless it throws
 * WaitAborted.
 */
export async function waitFor<T>(
  condition: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeout = 10_000, message = 'condition', interval = 100 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) {
        return value;
      }
    } catch (err) {
      if (err instanceof WaitAborted) {
        throw err;
      }
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`Timed out after ${timeout} ms waiting for ${message}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
