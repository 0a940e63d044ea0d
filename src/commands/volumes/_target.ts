import * as vscode from 'vscode';
import type { StorageVolume } from '../../generated';
import { VolumeRef } from '../../client';
import { Connection } from '../../connections/connection';
import { VolumeNode } from '../../views/storage/volumeNodes';
import { CommandContext } from '../context';
import { Target, resolveTarget } from '../targets';

/** A custom volume with the pool it lives in (LXD's volume objects do not name their pool). */
export interface PooledVolume {
  pool: string;
  volume: StorageVolume;
  ref: VolumeRef;
}

/** A custom volume a command acts on: the clicked one, or one picked among every pool's. */
export function resolveVolume(ctx: CommandContext, args: unknown[], title: string): Promise<Target<PooledVolume>> {
  return resolveTarget<PooledVolume>(ctx, args, volumeOfNode, {
    title,
    noun: 'custom volumes',
    noneMessage: vscode.l10n.t('There is no custom volume.'),
    list: customVolumes,
    nameOf: (v) => v.ref.name,
    projectOf: (v, c) => v.volume.project ?? c.defaultProject,
    item: (v, c, project) => ({
      label: v.volume.name ?? '',
      description: [`pool ${v.pool}`, v.volume.content_type, v.volume.config?.size].filter(Boolean).join(' · '),
      detail: vscode.l10n.t('{0} · project {1}', c.name, project),
      iconPath: new vscode.ThemeIcon(v.volume.content_type === 'block' ? 'file-binary' : 'file-submodule'),
    }),
  });
}

export function volumeOfNode(n: unknown): Target<PooledVolume> | undefined {
  if (!(n instanceof VolumeNode)) {
    return undefined;
  }
  return {
    connection: n.connection,
    project: n.project,
    name: n.ref.name,
    value: { pool: n.pool.name, volume: n.volume, ref: n.ref },
    node: n,
  };
}

async function customVolumes(c: Connection): Promise<PooledVolume[]> {
  const pools = await c.api().storage.pools();
  const lists = await Promise.all(
    pools.map(async (p) => {
      const pool = p.name ?? '';
      const volumes = await c.api().storage.volumes(pool, { type: 'custom', allProjects: c.allProjects });
      // LXD lists snapshots as `<volume>/<snapshot>`.
      return volumes
        .filter((v) => !(v.name ?? '').includes('/'))
        .map((volume) => ({ pool, volume, ref: { pool, type: 'custom' as const, name: volume.name ?? '' } }));
    }),
  );
  return lists.flat();
}
