import * as vscode from 'vscode';
import type { ClusterMember, Image, Network, Profile, Project, StoragePool } from '../generated';
import { Connection } from '../connections/connection';
import { ConnectionManager } from '../connections/manager';
import { MemberNode } from './cluster/memberNode';
import { ImageNode } from './images/imageNode';
import { InstancesRoot } from './instances/instancesRoot';
import { instanceIcons } from './instances/presentation';
import { ListRoot, ListRootOptions, ListedNode } from './listRoot';
import { NetworkNode } from './networks/networkNode';
import { TreeNode } from './node';
import { OperationsView } from './operations/operationsRoot';
import { ProfileNode } from './profiles/profileNode';
import { ProjectNode } from './projects/projectNode';
import { ResourceView } from './provider';
import { ViewSet } from './refresh';
import { PoolNode } from './storage/poolNode';

const byName = (a: { name?: string }, b: { name?: string }): number => (a.name ?? '').localeCompare(b.name ?? '');

/** Most objects are keyed and sorted by their name. */
const BY_NAME = { key: (v: { name?: string }) => v.name ?? '', sort: byName };

type NodeClass<T> = new (c: Connection, value: T, viewId: string, parent?: TreeNode) => ListedNode<T>;

interface ListViewOptions<T> extends Omit<ListRootOptions<T>, 'create'> {
  /** The node of one listed object. */
  create(c: Connection, value: T, viewId: string, parent: TreeNode | undefined): ListedNode<T>;
}

/** A view that lists one kind of object per connection, one node per object (see ListRoot). */
function listView<T>(manager: ConnectionManager, id: string, options: ListViewOptions<T>): ResourceView {
  return new ResourceView(
    `lxd.views.${id}`,
    manager,
    (c, view) => new ListRoot<T>(c, view, { ...options, create: (value, parent) => options.create(c, value, view.id, parent) }),
  );
}

/** A view of objects keyed and sorted by name, whose node is `node`. */
function namedView<T extends { name?: string }>(
  manager: ConnectionManager,
  id: string,
  noun: string,
  fetch: (c: Connection) => Promise<T[]>,
  node: NodeClass<T>,
): ResourceView {
  return listView<T>(manager, id, { noun, fetch, ...BY_NAME, create: (c, value, viewId, parent) => new node(c, value, viewId, parent) });
}

/** Creates the views; each view's resources per connection come from its root. */
export function createViews(manager: ConnectionManager, opts: { extensionUri: vscode.Uri }): ViewSet {
  const icons = instanceIcons(opts.extensionUri);
  return {
    instances: new ResourceView('lxd.views.instances', manager, (c, view) => new InstancesRoot(c, view, icons), { canSelectMany: true }),

    images: listView<Image>(manager, 'images', {
      noun: 'images',
      fetch: (c) => c.api().images.list({ allProjects: c.allProjects }),
      key: (i) => `${i.project ?? ''}/${i.fingerprint}`,
      create: (c, i, viewId, parent) => new ImageNode(c, i, viewId, parent),
      // By the name people use: the first alias, else the fingerprint.
      sort: (a, b) => (a.aliases?.[0]?.name ?? a.fingerprint ?? '').localeCompare(b.aliases?.[0]?.name ?? b.fingerprint ?? ''),
    }),

    networks: listView<Network>(manager, 'networks', {
      noun: 'networks',
      ...BY_NAME,
      fetch: (c) => c.api().networks.list(),
      create: (c, n, viewId, parent) => new NetworkNode(c, n, viewId, parent),
      // Managed networks first, then the host's interfaces.
      sort: (a, b) => Number(!!b.managed) - Number(!!a.managed) || byName(a, b),
    }),

    storage: namedView<StoragePool>(manager, 'storage', 'storage pools', (c) => c.api().storage.pools(), PoolNode),

    profiles: namedView<Profile>(manager, 'profiles', 'profiles', (c) => c.api().profiles.list(), ProfileNode),

    projects: namedView<Project>(manager, 'projects', 'projects', (c) => c.api().projects.list(), ProjectNode),

    cluster: listView<ClusterMember>(manager, 'cluster', {
      noun: 'cluster members',
      fetch: (c) => c.api().cluster.members(),
      key: (m) => m.server_name ?? '',
      create: (c, m, viewId, parent) => new MemberNode(c, m, viewId, parent),
    }),

    operations: new OperationsView(manager),
  };
}
