import type { Instance, InstanceState } from '../../generated';
import { ipv4Addresses } from './addresses';

/**
 * How the Instances view catches up after events, kept free of `vscode` so its rules are tested
 * alone: which rows an event made stale are read again in batches, one list call when there are
 * many (a storm of 200 starts is one `recursion=1` list, not 400 requests), and a read that fails
 * for another reason than 404 is tried again later, so no row stays stale for good.
 */

/** From this many stale instances on, one list call reads them all instead of one request each. */
export const LIST_FROM = 6;

/** How a batch of `count` stale instances is read. */
export function readPlan(count: number): 'each' | 'list' {
  return count >= LIST_FROM ? 'list' : 'each';
}

/** How many times a failed read is tried again before the row is left as the events made it. */
export const MAX_RETRIES = 6;

/** The wait before retry number `retry` (1, 2, …): 1 s doubling to 30 s; undefined once given up. */
export function retryDelayMs(retry: number): number | undefined {
  return retry < 1 || retry > MAX_RETRIES ? undefined : Math.min(30_000, 1000 * 2 ** (retry - 1));
}

/**
 * What the row of an instance and its tooltip show: two reads with the same signature draw the
 * same row, so the tree is not told about the other one.
 */
export function rowSignature(instance: Instance, state: InstanceState | undefined): string {
  const cfg = instance.config ?? {};
  return JSON.stringify([
    instance.name,
    instance.project,
    instance.status,
    instance.type,
    instance.location,
    instance.description,
    instance.created_at,
    instance.profiles,
    cfg['image.description'],
    cfg['image.os'],
    cfg['image.release'],
    cfg['image.variant'],
    ipv4Addresses(state),
  ]);
}

/** Keys waiting to be read again: each with the failed reads so far and when it is due. */
export class StaleSet {
  private readonly pending = new Map<string, { failures: number; due: number }>();

  /** An event touched `key`: due now (a fresh event forgets earlier failures). */
  mark(key: string, now: number): void {
    this.pending.set(key, { failures: 0, due: now });
  }

  /**
   * A read of `key` failed after `failures` earlier ones: due again after the retry delay, unless
   * it is given up (false) or an event marked it again meanwhile.
   */
  failed(key: string, failures: number, now: number): boolean {
    const delay = retryDelayMs(failures + 1);
    if (delay === undefined) {
      return false;
    }
    if (!this.pending.has(key)) {
      this.pending.set(key, { failures: failures + 1, due: now + delay });
    }
    return true;
  }

  /** Whether `key` waits for a read (an event since the read in flight began, say). */
  has(key: string): boolean {
    return this.pending.has(key);
  }

  /** The keys due by `now`, with their failures so far, taken out of the set. */
  takeDue(now: number): [key: string, failures: number][] {
    const due: [string, number][] = [];
    for (const [key, p] of this.pending) {
      if (p.due <= now) {
        due.push([key, p.failures]);
        this.pending.delete(key);
      }
    }
    return due;
  }

  /** When the next key is due, if any is waiting. */
  nextDue(): number | undefined {
    let next: number | undefined;
    this.pending.forEach((p) => (next = next === undefined ? p.due : Math.min(next, p.due)));
    return next;
  }
}
