import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Watches the CLIs' configuration directories for changes to their remotes: `config.yml` (the
 * CLIs replace it by a rename), `servercerts/` and `clientcerts/`. A directory that does not exist
 * yet is watched for through its nearest existing parent, so a first `lxc remote add` is seen too.
 * Changes are reported once per burst.
 */
export class ConfigWatcher {
  private watchers: fs.FSWatcher[] = [];
  private timer?: NodeJS.Timeout;
  private disposed = false;

  constructor(
    private readonly dirs: () => string[],
    private readonly onChange: () => void,
    private readonly debounceMs = 200,
  ) {
    this.arm();
  }

  private arm(): void {
    this.close();
    // Per directory: undefined to hear every change, or the names that matter in it.
    const targets = new Map<string, Set<string> | undefined>();
    const watchAll = (p: string): void => void targets.set(p, undefined);
    for (const dir of this.dirs()) {
      if (fs.existsSync(dir)) {
        watchAll(dir);
        ['servercerts', 'clientcerts']
          .map((sub) => path.join(dir, sub))
          .filter((p) => fs.existsSync(p))
          .forEach(watchAll);
        continue;
      }
      let child = dir;
      let parent = path.dirname(dir);
      while (!fs.existsSync(parent) && parent !== path.dirname(parent)) {
        child = parent;
        parent = path.dirname(parent);
      }
      if (!targets.has(parent)) {
        targets.set(parent, new Set());
      }
      targets.get(parent)?.add(path.basename(child));
    }
    for (const [dir, only] of targets) {
      try {
        const w = fs.watch(dir, { persistent: false }, (_event, file) => {
          if (!only || !file || only.has(file.toString())) {
            this.changed();
          }
        });
        w.on('error', () => this.changed());
        this.watchers.push(w);
      } catch {
        // Not readable: nothing to watch there.
      }
    }
  }

  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.disposed) {
        return;
      }
      // Directories may have appeared or gone: watch what is there now.
      this.arm();
      this.onChange();
    }, this.debounceMs);
  }

  private close(): void {
    this.watchers.forEach((w) => w.close());
    this.watchers = [];
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.close();
  }
}
