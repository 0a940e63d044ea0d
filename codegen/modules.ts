/**
 * Which file of src/generated/ a definition goes to. Rule: the longest prefix of its Go type name in
 * PREFIXES (`InstanceStatePut` → instances, `StoragePoolVolumeBackup` → storage, `ResourcesStoragePool` →
 * resources); names that belong to no area or to several are listed in EXCEPTIONS; anything else lands in
 * `misc` with a warning, so a new spec still generates (and the warning says to extend this table).
 */
export const PREFIXES: Readonly<Record<string, string>> = {
  Certificate: 'certificates',
  Cluster: 'cluster',
  Event: 'events',
  Image: 'images',
  Init: 'preseed',
  Instance: 'instances',
  Metadata: 'metadata',
  Network: 'networks',
  Operation: 'operations',
  Profile: 'profiles',
  Project: 'projects',
  Resources: 'resources',
  Server: 'server',
  Storage: 'storage',
  Warning: 'warnings',
};

export const EXCEPTIONS: Readonly<Record<string, string>> = {
  // Incus: who may access an instance or project (OpenFGA), returned by `GET …/access`.
  Access: 'auth',
  AccessEntry: 'auth',
  // Incus: an S3 target for instance and volume backups alike.
  BackupTarget: 'common',
  // Incus's config and device maps, used by nearly every area.
  ConfigMap: 'common',
  DevicesMap: 'common',
  // Shared by instances, operations and warnings.
  StatusCode: 'common',
};

export const FALLBACK_MODULE = 'misc';

export function moduleOf(definition: string): string {
  const exception = EXCEPTIONS[definition];
  if (exception) return exception;
  const prefix = Object.keys(PREFIXES)
    .filter((p) => definition.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? PREFIXES[prefix] : FALLBACK_MODULE;
}
