/**
 * What the `lxd-config:` file system tells VS Code about an object's versions, and which version the
 * user's text started from. Pure logic, unit-tested without VS Code.
 *
 * VS Code guards a save with its own check before the provider's writeFile: it refuses ("The content
 * of the file is newer") when stat reports an mtime later than the one the editor last read *and* a
 * size different from the one it last read. That check cannot tell when the user has merged a newer
 * version: the editor's recorded mtime and size only change when it reloads (which a dirty editor
 * never does) or saves. So after Compare and a merge it refused every save, again and again. For
 * config documents the exact check is the provider's own (the ETag, or a comparison where the server
 * sends none), so while the user has unsaved text stat reports an mtime of 0, which VS Code's check
 * always lets through (also for an editor restored from a backup, whose recorded mtime comes from an
 * earlier session), and every conflict meets the provider's check and its advice. A clean editor
 * sees the mtime move with each new server version, so a reload still picks it up.
 */

/** A version of the object as far as conflicts go: its tag, and the ETag to send with a save. */
export interface VersionRef {
  tag: string;
  etag?: string;
}

interface Entry {
  /** The server's version when last read. */
  seen: VersionRef;
  /** The mtime given to `seen`: later than any given before. */
  seenMtime: number;
  /** The version the user's text started from. */
  base?: VersionRef;
}

export class VersionBook {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records the version just read from the server; a new one gets a later mtime. */
  observe(key: string, version: VersionRef): void {
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { seen: version, seenMtime: this.now() });
    } else if (entry.seen.tag !== version.tag) {
      entry.seen = version;
      entry.seenMtime = Math.max(this.now(), entry.seenMtime + 1);
    }
  }

  /**
   * The mtime stat reports: while the user has unsaved text 0, so that VS Code's own check never
   * refuses the save and the provider's exact check decides; otherwise that of the server's
   * version, so that a clean editor reloads a new one.
   */
  mtime(key: string, editing: boolean): number {
    return editing ? 0 : (this.entries.get(key)?.seenMtime ?? 0);
  }

  /**
   * The user's text now starts from `version`, just read: into a clean editor, beside the text
   * (Compare with Server Version), or back after a save.
   */
  startFrom(key: string, version: VersionRef): void {
    const entry = this.entries.get(key);
    if (entry) {
      entry.base = version;
    }
  }

  /** The version a save must find on the server. */
  base(key: string): VersionRef | undefined {
    return this.entries.get(key)?.base;
  }
}
