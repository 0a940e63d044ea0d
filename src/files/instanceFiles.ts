import { Client, FileStat } from '../client';
import { Leftovers, OnSftp, saveFile } from './atomic';
import { movePath } from './move';
import { SftpPool } from './sftpPool';

/** One instance as the `lxd:` file system addresses it. */
export interface InstanceRef {
  connectionId: string;
  project: string;
  instance: string;
}

/**
 * What the `lxd:` file system keeps between operations, free of `vscode` so the fault tests drive
 * the editor's own save and move paths: the SFTP sessions (one per instance) and the temporaries a
 * failed write could not remove.
 */
export class InstanceFiles {
  readonly sftp: SftpPool;
  readonly leftovers: Leftovers;

  /**
   * `leftovers`: shared with other sessions (the Explorer's and each upload's), so that what a
   * write left when the daemon died is removed by the next write into that instance, whichever
   * session makes it.
   */
  constructor(opts: { idleMs?: number; leftovers?: Leftovers } = {}) {
    this.sftp = new SftpPool(opts.idleMs);
    this.leftovers = opts.leftovers ?? new Leftovers();
  }

  key(ref: InstanceRef): string {
    return JSON.stringify([ref.connectionId, ref.project, ref.instance]);
  }

  onSftp(client: Client, ref: InstanceRef): OnSftp {
    return this.sftp.bind(this.key(ref), client, ref.instance, ref.project);
  }

  /**
   * Saves a file atomically (see `saveFile`). After a successful save, what earlier failed saves
   * left in the instance is removed.
   */
  async save(
    client: Client,
    ref: InstanceRef & { path: string },
    data: Uint8Array,
    opts: { existing?: FileStat; signal?: AbortSignal; idleTimeoutMs?: number } = {},
  ): Promise<void> {
    const key = this.key(ref);
    await saveFile(client, this.onSftp(client, ref), ref.instance, ref.path, data, {
      ...opts,
      project: ref.project,
      onLeftover: (temp) => this.leftovers.add(key, temp),
    });
    await this.leftovers.sweep(key, client, ref.instance, { project: ref.project });
  }

  /**
   * Moves `from` to `to` inside the instance (see `movePath`): a target is never deleted before the
   * source is in its place, and across mounts the source is deleted only once its copy checked out.
   */
  async move(
    client: Client,
    ref: InstanceRef,
    from: string,
    to: string,
    opts: { source: FileStat; target?: FileStat; signal?: AbortSignal },
  ): Promise<void> {
    const key = this.key(ref);
    await movePath(client, this.onSftp(client, ref), ref.instance, from, to, {
      ...opts,
      project: ref.project,
      onLeftover: (p) => this.leftovers.add(key, p),
    });
    await this.leftovers.sweep(key, client, ref.instance, { project: ref.project });
  }

  dispose(): void {
    this.sftp.dispose();
  }
}
