import * as vscode from 'vscode';
import type { ServerStorageDriverInfo } from '../../generated';
import { daemonName } from '../../connections/serverKind';
import { Command, CommandContext } from '../context';
import { createOnServer } from '../networks/_members';
import { askPick, askText, resolveConnection } from '../targets';
import { storageNameProblem } from './_validate';
import { UserError, failed } from '../wrapper';

/** What `source` means per driver, for the prompt (empty always lets LXD make the storage itself). */
const SOURCE_HINTS: Record<string, string> = {
  dir: 'an existing directory',
  btrfs: 'a block device or an existing btrfs filesystem',
  zfs: 'a block device or an existing ZFS pool or dataset',
  lvm: 'a block device or an existing volume group',
  ceph: 'an existing OSD pool',
  cephfs: 'an existing CephFS filesystem (and path)',
};

/** Keys that belong to one cluster member (see createOnServer). */
const MEMBER_KEYS = ['source', 'size', 'zfs.pool_name', 'lvm.vg_name'];

/** Name, driver (from the server's `storage_supported_drivers`) and an optional source. */
export const createPool: Command = {
  id: 'lxd.pool.create',
  async run(ctx: CommandContext, node?: unknown) {
    const c = await resolveConnection(ctx, node, vscode.l10n.t('Create Storage Pool'));
    const api = c.api();
    const [pools, server] = await Promise.all([api.storage.pools(), api.serverInfo()]);
    const title = (step: string): string => `Create Storage Pool on ${c.name}: ${step}`;
    const name = await askText({
      title: title('name'),
      prompt: vscode.l10n.t('Storage pool name'),
      placeHolder: vscode.l10n.t('e.g. fast'),
      validateInput: (v) =>
        storageNameProblem(
          v,
          'pool',
          pools.map((p) => p.name ?? ''),
        ),
    });
    const driver = await pickDriver(server.environment?.storage_supported_drivers ?? [], title('driver'));
    const source = (
      await askText({
        title: title('source'),
        prompt: vscode.l10n.t(
          'Source: {0} (optional: Enter to let {1} create it)',
          SOURCE_HINTS[driver] ?? vscode.l10n.t('where the pool keeps its data'),
          daemonName(c),
        ),
      })
    ).trim();
    await vscode.window.withProgress(
      { location: { viewId: 'lxd.views.storage' }, title: vscode.l10n.t('Creating storage pool {0}…', name) },
      async () => {
        try {
          await createOnServer(c, source ? { source } : {}, MEMBER_KEYS, (config, target) =>
            api.storage.createPool({ name, driver, config }, { target }),
          );
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot create storage pool {0}', name), e);
        }
      },
    );
  },
};

async function pickDriver(drivers: ServerStorageDriverInfo[], title: string): Promise<string> {
  const names = drivers.map((d) => d.Name ?? '').filter(Boolean);
  if (!names.length) {
    throw new UserError(vscode.l10n.t('The server reports no storage driver it supports.'));
  }
  if (names.length === 1) {
    return names[0];
  }
  const pick = await askPick(
    drivers.map((d) => ({
      label: d.Name ?? '',
      description: [d.Remote ? 'remote' : 'local', d.Version ? `version ${d.Version}` : ''].filter(Boolean).join(' · '),
    })),
    { title, placeHolder: vscode.l10n.t('Storage driver'), ignoreFocusOut: true },
  );
  return pick.label;
}
