import * as vscode from 'vscode';
import type { ClusterMember, Image, Network, Profile, Project, StoragePool } from '../generated';
import { Connection } from '../connections/connection';
import { ConnectionManager } from '../connections/manager';
import { MemberNode } from './cluster/memberNode';
import { ImageNode } from './images/imageNode';
import { InstancesRoot } from './instances/instancesRoot';
import { instanceIcons } from './instances/presentation';
import { ListRoot } from './listRoot';
import { NetworkNode } from './networks/networkNode';
import { OperationsView } from './operations/operationsRoot';
import { ProfileNode } from './profiles/profileNode';
import { ProjectNode } from './projects/projectNode';
import { ResourceView, ViewHandle } from './provider';
import { ViewSet } from './refresh';
import { PoolNode } from './storage/poolNode';

const byName = (a: { name?: string }, b: { name?: string }): number => (a.name ?? '').localeCompare(b.name ?? '');

/** Creates the eight views; each view's resources per connection come from its root. */
export function createViews(manager: ConnectionManager, opts: { extensionUri: vscode.Uri }): ViewSet {
  const icons = instanceIcons(opts.extensionUri);
  const list = <T>(id: string, noun: string, fetch: (c: Connection) => Promise<T[]>, key: (v: T) => string, create: (c: Connection, v: T, view: ViewHandle, parent: unknown) => import('./listRoot').ListedNode<T>, sort?: (a: T, b: T) => number): ResourceView =>
    new ResourceView(`lxd.views.${id}`, manager, (c, view) => new ListRoot<T>(c, view, { noun, fetch, key, sort, create: (v, parent) => create(c, v, view, parent) }));

  return {
    instances: new ResourceView('lxd.views.instances', manager, (c, view) => new InstancesRoot(c, view, icons), { canSelectMany: true }),
    images: list<Image>('images', 'images', (c) => c.api().images.list({ allProjects: c.allProjects }), (i) => `${i.project ?? ''}/${i.fingerprint}`, (c, v, view, p) => new ImageNode(c, v, view.id, p as ImageNode['parent']), (a, b) => (a.aliases?.[0]?.name ?? a.fingerprint ?? '').localeCompare(b.aliases?.[0]?.name ?? b.fingerprint ?? '')),
    networks: list<Network>('networks', 'networks', (c) => c.api().networks.list(), (n) => n.name ?? '', (c, v, view, p) => new NetworkNode(c, v, view.id, p as NetworkNode['parent']), (a, b) => Number(!!b.managed) - Number(!!a.managed) || byName(a, b)),
    storage: list<StoragePool>('storage', 'storage pools', (c) => c.api().storage.pools(), (p) => p.name ?? '', (c, v, view, p) => new PoolNode(c, v, view.id, p as PoolNode['parent']), byName),
    profiles: list<Profile>('profiles', 'profiles', (c) => c.api().profiles.list(), (p) => p.name ?? '', (c, v, view, p) => new ProfileNode(c, v, view.id, p as ProfileNode['parent']), byName),
    projects: list<Project>('projects', 'projects', (c) => c.api().projects.list(), (p) => p.name ?? '', (c, v, view, p) => new ProjectNode(c, v, view.id, p as ProjectNode['parent']), byName),
    cluster: list<ClusterMember>('cluster', 'cluster members', (c) => c.api().cluster.members(), (m) => m.server_name ?? '', (c, v, view, p) => new MemberNode(c, v, view.id, p as MemberNode['parent'])),
    operations: new OperationsView(manager),
  };
}
