import { Client, SftpSession } from '../client';

interface Entry {
  session: Promise<SftpSession>;
  busy: number;
  timer?: NodeJS.Timeout;
}

/**
 * One SFTP session per instance, shared by the operations of the `lxd:` file system and closed
 * after a while without use. A session that broke (the daemon restarted, the instance stopped) is
 * dropped and the next operation opens a new one.
 */
export class SftpPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly idleMs = 30_000) {}

  async use<T>(key: string, client: Client, instance: string, project: string, fn: (s: SftpSession) => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (entry && (await entry.session.then((s) => s.closed, () => true))) {
      this.drop(key, entry);
      entry = undefined;
    }
    if (!entry) {
      const created: Entry = { session: client.sftp.open(instance, { project }), busy: 0 };
      entry = created;
      this.entries.set(key, created);
      created.session.catch(() => this.drop(key, created));
    }
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

  dispose(): void {
    for (const [key, entry] of this.entries) {
      this.drop(key, entry);
    }
  }

  private drop(key: string, entry: Entry): void {
    clearTimeout(entry.timer);
    if (this.entries.get(key) === entry) {
      this.entries.delete(key);
    }
    entry.session.then((s) => s.close(), () => undefined);
  }
}
