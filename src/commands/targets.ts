import * as vscode from 'vscode';
import type { Instance } from '../generated';
import { Connection, describeError } from '../connections/connection';
import { InstanceNode, SnapshotNode } from '../views/instances/instanceNode';
import { CommandContext } from './context';
import { UserError } from './registry';

/** An instance a command acts on, from the tree or from a picker. */
export interface InstanceRef {
  connection: Connection;
  project: string;
  name: string;
  instance?: Instance;
  node?: InstanceNode;
}

export function refOf(node: InstanceNode): InstanceRef {
  return { connection: node.connection, project: node.project, name: node.name, instance: node.instance, node };
}

/** Tree commands get (clicked node, selected nodes); the selection wins when it holds the clicked node. */
export function selectedNodes<T>(args: unknown[], is: (n: unknown) => n is T): T[] {
  const [clicked, selection] = args;
  if (Array.isArray(selection) && selection.length > 0 && selection.every(is) && (clicked === undefined || selection.includes(clicked as T))) {
    return selection as T[];
  }
  return is(clicked) ? [clicked] : [];
}

export const isInstanceNode = (n: unknown): n is InstanceNode => n instanceof InstanceNode;
export const isSnapshotNode = (n: unknown): n is SnapshotNode => n instanceof SnapshotNode;

export interface PickOptions {
  title: string;
  /** Only offer instances this returns true for (e.g. running ones). */
  filter?: (i: Instance) => boolean;
  canPickMany?: boolean;
  /** Said when nothing matches the filter. */
  noneMessage?: string;
}

/**
 * The instances a command acts on: the tree's selection, or, from the palette, a picker over every
 * connected server's instances in their current project.
 */
export async function resolveInstances(ctx: CommandContext, args: unknown[], opts: PickOptions): Promise<InstanceRef[]> {
  const nodes = selectedNodes(args, isInstanceNode);
  if (nodes.length) {
    return nodes.map(refOf);
  }
  return pickInstances(ctx, opts);
}

export async function resolveInstance(ctx: CommandContext, args: unknown[], opts: Omit<PickOptions, 'canPickMany'>): Promise<InstanceRef> {
  const [first] = await resolveInstances(ctx, args.slice(0, 1), opts);
  return first;
}

type InstanceItem = vscode.QuickPickItem & { ref: InstanceRef };

export async function pickInstances(ctx: CommandContext, opts: PickOptions): Promise<InstanceRef[]> {
  const connections = connected(ctx);
  const qp = vscode.window.createQuickPick<InstanceItem>();
  qp.title = opts.title;
  qp.placeholder = 'Type to filter instances';
  qp.canSelectMany = !!opts.canPickMany;
  qp.matchOnDescription = true;
  qp.busy = true;
  qp.show();
  const loads = connections.map(async (c) => {
    try {
      const list = await c.api().instances.list({ allProjects: c.allProjects });
      return list.filter((i) => !opts.filter || opts.filter(i)).map((i): InstanceItem => {
        const project = i.project ?? c.project;
        return {
          label: i.name ?? '',
          description: [connections.length > 1 ? c.name : '', c.allProjects ? project : '', (i.status ?? '').toLowerCase()].filter(Boolean).join(' · '),
          iconPath: new vscode.ThemeIcon(i.type === 'virtual-machine' ? 'vm' : 'package'),
          ref: { connection: c, project, name: i.name ?? '', instance: i },
        };
      });
    } catch (e) {
      return [{ label: `$(error) ${c.name}: ${describeError(e)}`, ref: undefined as unknown as InstanceRef, alwaysShow: true } as InstanceItem];
    }
  });
  const items = (await Promise.all(loads)).flat();
  qp.items = items;
  qp.busy = false;
  if (!items.some((i) => i.ref)) {
    qp.dispose();
    throw new UserError(opts.noneMessage ?? 'There is no instance to choose from.');
  }
  const picked = await new Promise<InstanceItem[] | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.canSelectMany ? [...qp.selectedItems] : [...qp.activeItems]));
    qp.onDidHide(() => resolve(undefined));
  });
  qp.dispose();
  const refs = (picked ?? []).map((p) => p.ref).filter(Boolean);
  if (!refs.length) {
    throw new vscode.CancellationError();
  }
  return refs;
}

/** The connections that can be used now; a clear error when there is none. */
export function connected(ctx: CommandContext): Connection[] {
  const list = ctx.connections.all.filter((c) => c.status === 'connected');
  if (!list.length) {
    throw new UserError('No LXD or Incus server is connected. See the LXD view for what was tried.');
  }
  return list;
}

/** A connection for a command: the node's, the only one, or the user's choice. */
export async function resolveConnection(ctx: CommandContext, node: unknown, title: string): Promise<Connection> {
  const fromNode = (node as { connection?: Connection } | undefined)?.connection;
  if (fromNode instanceof Connection) {
    return fromNode;
  }
  const list = connected(ctx);
  if (list.length === 1) {
    return list[0];
  }
  const pick = await vscode.window.showQuickPick(
    list.map((c) => ({ label: c.name, description: `${c.serverLabel} · ${c.spec.address}`, c })),
    { title, placeHolder: 'Choose a server' },
  );
  if (!pick) {
    throw new vscode.CancellationError();
  }
  return pick.c;
}
