import type { Client, Tagged, VolumeRef, VolumeType } from '../client';
import type { InstancePut, NetworkPut, ProfilePut, ProjectPut, StoragePoolPut, StorageVolumePut } from '../generated';
import { ResourceAddress } from './address';
import { FieldSchema, fieldsOf } from './yamlModel';

/** Where an object is read and written: a connection, or a bare client in the tests. */
export interface ApiSource {
  /** The client in `project` (the server's own objects ignore it). */
  api(project?: string): Client;
}

/** An object whose writable part can be edited as YAML and saved with its ETag. */
export interface EditableKind {
  /** `instance`, `profile`, … as in the URI. */
  kind: string;
  /** What the user calls it. */
  noun: string;
  schema: FieldSchema;
  read(c: ApiSource, a: ResourceAddress): Promise<Tagged<Record<string, unknown>>>;
  /** Replaces the writable part (PUT, with If-Match when an ETag is given). */
  write(c: ApiSource, a: ResourceAddress, value: Record<string, unknown>, etag: string | undefined): Promise<void>;
}

const asRecord = <T>(t: Tagged<T>): Tagged<Record<string, unknown>> => t as unknown as Tagged<Record<string, unknown>>;

export const instanceKind: EditableKind = {
  kind: 'instance',
  noun: 'instance',
  // `restore` (and Incus' `disk_only`, which goes with it) restores a snapshot: an action, not a setting.
  schema: fieldsOf<InstancePut>({
    architecture: 'string',
    config: 'stringMap',
    devices: 'deviceMap',
    ephemeral: 'boolean',
    profiles: 'stringList',
    stateful: 'boolean',
    description: 'string',
    restore: null,
    disk_only: null,
  }),
  read: async (c, a) => asRecord(await c.api(a.project).instances.getTagged(a.name)),
  write: async (c, a, v, etag) => {
    await c.api(a.project).instances.update(a.name, v, { etag }).wait();
  },
};

export const profileKind: EditableKind = {
  kind: 'profile',
  noun: 'profile',
  schema: fieldsOf<ProfilePut>({ description: 'string', config: 'stringMap', devices: 'deviceMap' }),
  read: async (c, a) => asRecord(await c.api(a.project).profiles.getTagged(a.name)),
  write: (c, a, v, etag) => c.api(a.project).profiles.update(a.name, v, { etag }),
};

export const networkKind: EditableKind = {
  kind: 'network',
  noun: 'network',
  schema: fieldsOf<NetworkPut>({ description: 'string', config: 'stringMap' }),
  read: async (c, a) => asRecord(await c.api(a.project).networks.getTagged(a.name)),
  write: (c, a, v, etag) => c.api(a.project).networks.update(a.name, v, { etag }),
};

export const projectKind: EditableKind = {
  kind: 'project',
  noun: 'project',
  schema: fieldsOf<ProjectPut>({ description: 'string', config: 'stringMap' }),
  read: async (c, a) => asRecord(await c.api().projects.getTagged(a.name)),
  write: (c, a, v, etag) => c.api().projects.update(a.name, v, { etag }),
};

export const poolKind: EditableKind = {
  kind: 'pool',
  noun: 'storage pool',
  schema: fieldsOf<StoragePoolPut>({ description: 'string', config: 'stringMap' }),
  read: async (c, a) => asRecord(await c.api().storage.poolTagged(a.name)),
  write: (c, a, v, etag) => c.api().storage.updatePool(a.name, v, { etag }),
};

/** Volumes are addressed `<pool>/<type>/<name>`. */
export function volumeRef(name: string): VolumeRef {
  const [pool, type, ...rest] = name.split('/');
  return { pool, type: type as VolumeType, name: rest.join('/') };
}

export const volumeKind: EditableKind = {
  kind: 'volume',
  noun: 'storage volume',
  // `restore` restores a snapshot: an action, not a setting.
  schema: fieldsOf<StorageVolumePut>({ description: 'string', config: 'stringMap', restore: null }),
  read: async (c, a) => asRecord(await c.api(a.project).storage.volumeTagged(volumeRef(a.name))),
  write: (c, a, v, etag) => c.api(a.project).storage.updateVolume(volumeRef(a.name), v, { etag }),
};

export const EDITABLE_KINDS: EditableKind[] = [instanceKind, profileKind, networkKind, projectKind, poolKind, volumeKind];
