import * as vscode from 'vscode';
import type { ClusterMember, Image, Network, Profile, Project, StoragePool, StorageVolume } from '../generated';
import { describeFilter, isFiltered, matches } from './arrangement/filter';
import { IMAGE_FILTER, INSTANCE_FILTER, VOLUME_FILTER, describeArrangement } from './arrangement/specs';
import { Arrangement } from './arrangement/store';
import { Connection } from '../connections/connection';
import { ConnectionManager } from '../connections/manager';
import { MemberNode } from './cluster/memberNode';
import { ImageNode } from './images/imageNode';
import { InstancesRoot } from './instances/instancesRoot';
import { instanceIcons } from './instances/presentation';
import { ListFilter, ListRoot, ListRootOptions, ListedNode } from './listRoot';
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

interface ListViewOptions<T> extends Omit<ListRootOptions<T>, 'create' | 'filter'> {
  /** The node of one listed object. */
  create(c: Connection, value: T, viewId: string, parent: TreeNode | undefined): ListedNode<T>;
  filter?(c: Connection): ListFilter<T>;
}

/** A view that lists one kind of object per connection, one node per object (see ListRoot). */
function listView<T>(manager: ConnectionManager, id: string, options: ListViewOptions<T>): ResourceView {
  return new ResourceView(
    `lxd.views.${id}`,
    manager,
    (c, view) =>
      new ListRoot<T>(c, view, {
        ...options,
        create: (value, parent) => options.create(c, value, view.id, parent),
        filter: options.filter?.(c),
      }),
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
export function createViews(manager: ConnectionManager, opts: { extensionUri: vscode.Uri; arrangement: Arrangement }): ViewSet {
  const icons = instanceIcons(opts.extensionUri);
  const arrangement = opts.arrangement;
  const volumeFilter: ListFilter<StorageVolume> = {
    active: () => isFiltered(arrangement.filter('volumes')),
    keep: (v) => matches(VOLUME_FILTER, arrangement.filter('volumes'), v),
    clearCommand: 'lxd.volume.clearFilter',
  };
  return {
    instances: new ResourceView('lxd.views.instances', manager, (c, view) => new InstancesRoot(c, view, icons, arrangement), {
      canSelectMany: true,
    }),

    images: listView<Image>(manager, 'images', {
      noun: 'images',
      fetch: (c) => c.api().images.list({ allProjects: c.allProjects }),
      key: (i) => `${i.project ?? ''}/${i.fingerprint}`,
      create: (c, i, viewId, parent) => new ImageNode(c, i, viewId, parent),
      // By the name people use: the first alias, else the fingerprint.
      sort: (a, b) => (a.aliases?.[0]?.name ?? a.fingerprint ?? '').localeCompare(b.aliases?.[0]?.name ?? b.fingerprint ?? ''),
      filter: (c) => ({
        active: () => isFiltered(arrangement.filter('images')),
        keep: (image) => matches(IMAGE_FILTER, arrangement.filter('images'), { image, project: image.project ?? c.project }),
        clearCommand: 'lxd.image.clearFilter',
      }),
    }),

    networks: listView<Network>(manager, 'networks', {
      noun: 'networks',
      ...BY_NAME,
      fetch: (c) => c.api().networks.list(),
      create: (c, n, viewId, parent) => new NetworkNode(c, n, viewId, parent),
      // Managed networks first, then the host's interfaces.
      sort: (a, b) => Number(!!b.managed) - Number(!!a.managed) || byName(a, b),
    }),

    storage: listView<StoragePool>(manager, 'storage', {
      noun: 'storage pools',
      ...BY_NAME,
      fetch: (c) => c.api().storage.pools(),
      create: (c, p, viewId, parent) => new PoolNode(c, p, viewId, parent, volumeFilter),
    }),

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

/**
 * Shows each view's filter (and the Instances view's grouping and sorting) in its description, and
 * arranges a view's rows again when they change: from what is listed, without asking the servers.
 */
export function showArrangement(views: ViewSet, arrangement: Arrangement): vscode.Disposable {
  const describe = (): void => {
    views.instances.treeView.description =
      [describeFilter(INSTANCE_FILTER, arrangement.filter('instances')), describeArrangement(arrangement.group, arrangement.sort)]
        .filter(Boolean)
        .join(' · ') || undefined;
    views.images.treeView.description = describeFilter(IMAGE_FILTER, arrangement.filter('images')) || undefined;
    views.storage.treeView.description = describeFilter(VOLUME_FILTER, arrangement.filter('volumes')) || undefined;
  };
  describe();
  return arrangement.onDidChange((view) => {
    describe();
    (view === 'volumes' ? views.storage : views[view]).refresh();
  });
}
