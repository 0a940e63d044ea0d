import { Client, SftpSession } from '../client';
import type { OnSftp } from './atomic';

interface Entry {
  session: Promise<SftpSession>;
  /** Set once the open settled: the session, or that it failed. */
  opened?: SftpSession;
  failed?: boolean;
  busy: number;
  timer?: NodeJS.Timeout;
}

/**
 * One SFTP session per instance, shared by the operations of the `lxd:` file system and closed
 * after a while without use. A session that broke (the daemon restarted, the instance stopped, a
 * request timed out) is dropped and the next operation opens a new one. The decision is taken
 * synchronously, so calls that arrive together after a break share one new session; an open
 * that is under way is shared, and it is bounded (the upgrade's handshake deadline, then the
 * SFTP INIT's request deadline), so no caller waits on it forever.
 */
export class SftpPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly idleMs = 30_000) {}

  async use<T>(key: string, client: Client, instance: string, project: string, fn: (s: SftpSession) => Promise<T>): Promise<T> {
    const entry = this.acquire(key, () => client.sftp.open(instance, { project }));
    clearTimeout(entry.timer);
    entry.busy++;
    try {
      return await fn(await entry.session);
    } finally {
      entry.busy--;
      if (entry.busy === 0 && this.entries.get(key) === entry) {
        const idle = entry;
        idle.timer = setTimeout(() => this.drop(key, idle), this.idleMs);
        idle.timer.unref?.();
      }
    }
  }

  /** `use` bound to one instance: what the atomic writes and moves take. */
  bind(key: string, client: Client, instance: string, project: string): OnSftp {
    return (fn) => this.use(key, client, instance, project, fn);
  }

  /** How many sessions are open or opening (for tests and the log). */
  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    for (const [key, entry] of this.entries) {
      this.drop(key, entry);
    }
  }

  private acquire(key: string, open: () => Promise<SftpSession>): Entry {
    const known = this.entries.get(key);
    if (known && !known.failed && !known.opened?.closed) {
      return known;
    }
    if (known) {
      this.drop(key, known);
    }
    const created: Entry = { session: open(), busy: 0 };
    this.entries.set(key, created);
    created.session.then(
      (s) => (created.opened = s),
      () => {
        created.failed = true;
        this.drop(key, created);
      },
    );
    return created;
  }

  private drop(key: string, entry: Entry): void {
    clearTimeout(entry.timer);
    if (this.entries.get(key) === entry) {
      this.entries.delete(key);
    }
    entry.session.then(
      (s) => s.close(),
      () => undefined,
    );
  }
}
