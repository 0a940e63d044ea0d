import * as vscode from 'vscode';
import type { Instance } from '../generated';
import { Connection } from '../connections/connection';
import { CONNECT_WAIT_MS } from '../connections/manager';
import { CONFIG_SCHEME, resourceUri } from '../editors/uris';
import { InstanceNode, SnapshotNode } from '../views/instances/instanceNode';
import { describeError } from '../views/format';
import { TreeNode } from '../views/node';
import { CommandContext } from './context';
import { selectedNodes } from './selection';
import { UserError } from './wrapper';

/** What a command acts on: an object of a server, in its project, clicked in a tree or picked from a list. */
export interface Target<T> {
  connection: Connection;
  /** The object's project (for server-wide objects such as pools, the connection's). */
  project: string;
  /** How LXD addresses the object: its name (an image's fingerprint, an operation's id). */
  name: string;
  /** The object as it was listed. */
  value: T;
  /** The tree node it was clicked on; none when it was picked. */
  node?: TreeNode;
}

export function instanceTarget(node: InstanceNode): Target<Instance> {
  return { connection: node.connection, project: node.project, name: node.name, value: node.instance, node };
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
export async function resolveInstances(ctx: CommandContext, args: unknown[], opts: PickOptions): Promise<Target<Instance>[]> {
  const nodes = selectedNodes(args, isInstanceNode);
  if (nodes.length) {
    return nodes.map(instanceTarget);
  }
  return pickInstances(ctx, opts);
}

export async function resolveInstance(
  ctx: CommandContext,
  args: unknown[],
  opts: Omit<PickOptions, 'canPickMany'>,
): Promise<Target<Instance>> {
  const [first] = await resolveInstances(ctx, args.slice(0, 1), opts);
  return first;
}

export function pickInstances(ctx: CommandContext, opts: PickOptions): Promise<Target<Instance>[]> {
  const many = ctx.connections.all.filter((c) => c.status === 'connected').length > 1;
  return pickAcross<Instance>(ctx, {
    title: opts.title,
    noun: 'instances',
    canPickMany: opts.canPickMany,
    noneMessage: opts.noneMessage ?? vscode.l10n.t('There is no instance to choose from.'),
    list: (c) => c.api().instances.list({ allProjects: c.allProjects }),
    nameOf: (i) => i.name ?? '',
    filter: opts.filter,
    projectOf: (i, c) => i.project ?? c.project,
    item: (i, c, project) => ({
      label: i.name ?? '',
      description: [many ? c.name : '', c.allProjects ? project : '', (i.status ?? '').toLowerCase()].filter(Boolean).join(' · '),
      iconPath: new vscode.ThemeIcon(i.type === 'virtual-machine' ? 'vm' : 'package'),
    }),
  });
}

/**
 * The connections that can be used now. Right after start-up, when none is connected yet but some
 * are still connecting, waits for them (bounded, shown in the status bar); a clear error when there
 * is none. Servers still connecting while another is usable are not waited for.
 */
export async function connected(ctx: CommandContext): Promise<Connection[]> {
  const now = (): Connection[] => ctx.connections.all.filter((c) => c.status === 'connected');
  if (!now().length) {
    const connecting = ctx.connections.all.filter((c) => c.status === 'connecting');
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Window,
        title: vscode.l10n.t(
          'LXD: connecting{0}…',
          connecting.length ? vscode.l10n.t(' to {0}', connecting.map((c) => c.name).join(', ')) : '',
        ),
      },
      () => ctx.connections.settled(CONNECT_WAIT_MS, (c) => c.status === 'connected'),
    );
  }
  const list = now();
  if (!list.length) {
    const still = ctx.connections.all.filter((c) => c.status === 'connecting');
    throw new UserError(
      still.length
        ? vscode.l10n.t('Still connecting to {0}: try again in a moment.', still.map((c) => c.name).join(', '))
        : vscode.l10n.t('No LXD or Incus server is connected. See the LXD view for what was tried.'),
    );
  }
  return list;
}

/** A connection for a command: the node's, the only one, or the user's choice. */
export async function resolveConnection(ctx: CommandContext, node: unknown, title: string): Promise<Connection> {
  const fromNode = (node as { connection?: Connection } | undefined)?.connection;
  if (fromNode instanceof Connection) {
    return fromNode;
  }
  const list = await connected(ctx);
  if (list.length === 1) {
    return list[0];
  }
  const pick = await askPick(
    list.map((c) => ({ label: c.name, description: `${c.serverLabel} · ${c.spec.address}`, c })),
    { title, placeHolder: vscode.l10n.t('Choose a server') },
  );
  return pick.c;
}

export interface PickAcrossOptions<T> {
  title: string;
  /** What is listed, plural, in LXD's words: "images", "profiles". */
  noun: string;
  list(c: Connection): Promise<T[]>;
  /** How LXD addresses a listed object (see Target.name). */
  nameOf(value: T): string;
  item(value: T, c: Connection, project: string): Omit<vscode.QuickPickItem, 'kind'>;
  /** Only offer the objects this returns true for. */
  filter?(value: T): boolean;
  /** The project of a listed object; the connection's current one unless told. */
  projectOf?(value: T, c: Connection): string;
  canPickMany?: boolean;
  /** When exactly one object can be chosen, take it without asking (e.g. the only storage pool). */
  autoPickSingle?: boolean;
  /** Said when nothing can be chosen. */
  noneMessage?: string;
}

type PickItem<T> = vscode.QuickPickItem & { target?: Target<T> };

/**
 * The palette side of a resource command: one quick pick over every connected server's objects
 * (the list shows at once and fills in as servers answer; a server that fails shows its error as a
 * row). Throws a UserError when nothing can be chosen, a cancellation when the user backs out.
 */
export async function pickAcross<T>(ctx: CommandContext, opts: PickAcrossOptions<T>): Promise<Target<T>[]> {
  const connections = await connected(ctx);
  const qp = vscode.window.createQuickPick<PickItem<T>>();
  qp.title = opts.title;
  qp.placeholder = vscode.l10n.t('Type to filter {0}', opts.noun);
  qp.canSelectMany = !!opts.canPickMany;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.ignoreFocusOut = true;
  qp.busy = true;
  qp.show();
  const loads = connections.map(async (c): Promise<PickItem<T>[]> => {
    try {
      const values = (await opts.list(c)).filter((v) => !opts.filter || opts.filter(v));
      return values.map((value) => {
        const project = opts.projectOf?.(value, c) ?? c.defaultProject;
        return { ...opts.item(value, c, project), target: { connection: c, project, name: opts.nameOf(value), value } };
      });
    } catch (e) {
      return [{ label: `$(error) ${c.name}: ${describeError(e)}`, alwaysShow: true }];
    }
  });
  const items = (await Promise.all(loads)).flat();
  if (!items.some((i) => i.target)) {
    qp.dispose();
    const errors = items.map((i) => i.label.replace(/^\$\(error\) /, ''));
    throw new UserError(
      errors.length
        ? vscode.l10n.t('Cannot list {0}: {1}', opts.noun, errors.join('; '))
        : (opts.noneMessage ?? vscode.l10n.t('There are no {0} to choose from.', opts.noun)),
    );
  }
  const choices = items.filter((i) => i.target);
  if (opts.autoPickSingle && choices.length === 1 && choices.length === items.length) {
    qp.dispose();
    return [choices[0].target!];
  }
  qp.items = items;
  qp.busy = false;
  const picked = await new Promise<PickItem<T>[] | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.canSelectMany ? [...qp.selectedItems] : [...qp.activeItems]));
    qp.onDidHide(() => resolve(undefined));
  });
  qp.dispose();
  const targets = (picked ?? []).map((p) => p.target).filter((t): t is Target<T> => !!t);
  if (!targets.length) {
    throw new vscode.CancellationError();
  }
  return targets;
}

/**
 * The object a resource command acts on: the clicked tree node's, or the user's choice from a
 * picker (palette). `fromNode` turns a node of the right kind into the object, or returns undefined.
 */
export async function resolveTarget<T>(
  ctx: CommandContext,
  args: unknown[],
  fromNode: (node: unknown) => Target<T> | undefined,
  opts: PickAcrossOptions<T>,
): Promise<Target<T>> {
  const fromTree = fromNode(args[0]);
  if (fromTree) {
    return fromTree;
  }
  const [first] = await pickAcross(ctx, { ...opts, canPickMany: false });
  return first;
}

/** Opens an object's configuration as YAML (`lxd-config:`), saved back with its ETag. */
export async function openConfigEditor(target: { connection: Connection; project: string }, kind: string, name: string): Promise<void> {
  const uri = resourceUri(CONFIG_SCHEME, { connectionId: target.connection.id, project: target.project, kind, name });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
  await vscode.window.showTextDocument(doc, { preview: false });
}

/** Backs out of the whole command: the registry treats the cancellation as no error. */
export function cancelled(): never {
  throw new vscode.CancellationError();
}

/** An input box that must be answered: Escape cancels the whole command (e.g. a wizard). */
export async function askText(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) {
    cancelled();
  }
  return value;
}

/**
 * A quick pick that must be answered: Escape cancels the whole command. Like every picker and box
 * here it stays open when focus moves: a tree view whose refresh ends just after a menu action
 * takes focus back for a moment, which would otherwise close the picker before it was seen.
 */
export async function askPick<T extends vscode.QuickPickItem>(
  items: readonly T[],
  options: vscode.QuickPickOptions & { canPickMany: true },
): Promise<T[]>;
export async function askPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T>;
export async function askPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | T[]> {
  const picked: T | T[] | undefined = await vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options });
  return picked ?? cancelled();
}
