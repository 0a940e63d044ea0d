import * as vscode from 'vscode';
import type { StoragePool } from '../../generated';
import { PoolNode } from '../../views/storage/poolNode';
import { VolumeGroupNode } from '../../views/storage/volumeNodes';
import { CommandContext } from '../context';
import { Target, resolveTarget } from '../targets';

/** A pool a command acts on: the clicked pool (or a group under it), or one picked. */
export function resolvePool(
  ctx: CommandContext,
  args: unknown[],
  title: string,
  opts: { autoPickSingle?: boolean } = {},
): Promise<Target<StoragePool>> {
  return resolveTarget<StoragePool>(ctx, args, poolOfNode, {
    title,
    autoPickSingle: opts.autoPickSingle,
    noun: 'storage pools',
    list: (c) => c.api().storage.pools(),
    nameOf: (p) => p.name ?? '',
    item: (p, c) => ({
      label: p.name ?? '',
      description: [p.driver, p.description].filter(Boolean).join(' · '),
      detail: c.name,
      iconPath: new vscode.ThemeIcon('database'),
    }),
  });
}

function poolOfNode(n: unknown): Target<StoragePool> | undefined {
  const pool = n instanceof PoolNode ? n : n instanceof VolumeGroupNode ? n.pool : undefined;
  return pool ? { connection: pool.connection, project: pool.project, name: pool.name, value: pool.pool, node: pool } : undefined;
}
