/**
 * Command ids renamed so that every id says `lxd.<resource>.<verb>` (see DEVELOPERS.md). Users may
 * have keybindings or `command:` links to the old ones, so for one release each old id stays
 * registered, forwards to its new id, and is hidden from the palette (`"when": "false"`).
 * Renamed after 0.1.0: remove this table, and the old ids in package.json and package.nls.json, in
 * the release after the one that first ships the new ids.
 */
export const RENAMED_IDS: Readonly<Record<string, string>> = {
  'lxd.refresh': 'lxd.connection.refresh',
  'lxd.showLog': 'lxd.log.show',
  'lxd.snapshot.create': 'lxd.instanceSnapshot.create',
  'lxd.snapshot.restore': 'lxd.instanceSnapshot.restore',
  'lxd.snapshot.delete': 'lxd.instanceSnapshot.delete',
  'lxd.storage.createPool': 'lxd.pool.create',
  'lxd.storage.editPool': 'lxd.pool.edit',
  'lxd.storage.deletePool': 'lxd.pool.delete',
};
