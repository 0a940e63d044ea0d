import * as vscode from 'vscode';
import type { StoragePool, StorageVolume, StorageVolumeSnapshot } from '../../generated';
import { VolumeRef } from '../../client';
import { Connection } from '../../connections/connection';
import { snapshotName } from '../../views/instances/presentation';
import { PoolNode } from '../../views/storage/poolNode';
import { VolumeGroupNode, VolumeNode, VolumeSnapshotNode } from '../../views/storage/volumeNodes';
import { CommandContext } from '../context';
import { UserError } from '../registry';
import { Picked, askPick, resolveTarget } from '../targets';

/** A pool a command acts on: the clicked pool (or a group under it), or one picked. */
export function resolvePool(ctx: CommandContext, args: unknown[], title: string, opts: { autoPickSingle?: boolean } = {}): Promise<Picked<StoragePool>> {
  return resolveTarget<StoragePool>(ctx, args, poolOfNode, {
    title,
    autoPickSingle: opts.autoPickSingle,
    noun: 'storage pools',
    list: (c) => c.api().storage.pools(),
    item: (p, c) => ({
      label: p.name ?? '',
      description: [p.driver, p.description].filter(Boolean).join(' · '),
      detail: c.name,
      iconPath: new vscode.ThemeIcon('database'),
    }),
  });
}

function poolOfNode(n: unknown): Picked<StoragePool> | undefined {
  const pool = n instanceof PoolNode ? n : n instanceof VolumeGroupNode ? n.pool : undefined;
  return pool ? { connection: pool.connection, project: pool.project, value: pool.pool } : undefined;
}

/** A custom volume with the pool it lives in (LXD's volume objects do not name their pool). */
export interface PooledVolume {
  pool: string;
  volume: StorageVolume;
  ref: VolumeRef;
}

/** A custom volume a command acts on: the clicked one, or one picked among every pool's. */
export function resolveVolume(ctx: CommandContext, args: unknown[], title: string): Promise<Picked<PooledVolume>> {
  return resolveTarget<PooledVolume>(ctx, args, volumeOfNode, {
    title,
    noun: 'custom volumes',
    noneMessage: 'There is no custom volume.',
    list: customVolumes,
    projectOf: (v, c) => v.volume.project ?? c.defaultProject,
    item: (v, c, project) => ({
      label: v.volume.name ?? '',
      description: [`pool ${v.pool}`, v.volume.content_type, v.volume.config?.size].filter(Boolean).join(' · '),
      detail: `${c.name} · project ${project}`,
      iconPath: new vscode.ThemeIcon(v.volume.content_type === 'block' ? 'file-binary' : 'file-submodule'),
    }),
  });
}

function volumeOfNode(n: unknown): Picked<PooledVolume> | undefined {
  if (!(n instanceof VolumeNode)) {
    return undefined;
  }
  return { connection: n.connection, project: n.project, value: { pool: n.pool.name, volume: n.volume, ref: n.ref } };
}

async function customVolumes(c: Connection): Promise<PooledVolume[]> {
  const pools = await c.api().storage.pools();
  const lists = await Promise.all(
    pools.map(async (p) => {
      const pool = p.name ?? '';
      const volumes = await c.api().storage.volumes(pool, { type: 'custom', allProjects: c.allProjects });
      // LXD lists snapshots as `<volume>/<snapshot>`.
      return volumes.filter((v) => !(v.name ?? '').includes('/')).map((volume) => ({ pool, volume, ref: { pool, type: 'custom' as const, name: volume.name ?? '' } }));
    }),
  );
  return lists.flat();
}

/** A snapshot of a custom volume: the clicked one, or a volume then one of its snapshots. */
export async function resolveVolumeSnapshot(ctx: CommandContext, args: unknown[], title: string): Promise<{ target: Picked<PooledVolume>; snapshot: string }> {
  const [node] = args;
  if (node instanceof VolumeSnapshotNode) {
    return { target: volumeOfNode(node.parent)!, snapshot: node.name };
  }
  const target = await resolveVolume(ctx, args, title);
  const snapshots: StorageVolumeSnapshot[] = await target.connection.api(target.project).storage.volumeSnapshots(target.value.ref);
  if (!snapshots.length) {
    throw new UserError(`The volume ${target.value.ref.name} has no snapshots.`);
  }
  const pick = await askPick(
    snapshots.map((s) => ({ label: snapshotName(s.name), description: s.description })),
    { title: `${title}: ${target.value.ref.name}`, placeHolder: 'Choose a snapshot' },
  );
  return { target, snapshot: pick.label };
}
