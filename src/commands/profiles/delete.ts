import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { daemonName } from '../../connections/serverKind';
import { usedByNames } from '../../views/profiles/usedBy';
import { resolveProfile } from './_target';
import { UserError, failed } from '../wrapper';

/**
 * Deletes a profile after a modal that names it. LXD refuses to delete a profile that is in use
 * and the `default` profile; the modal says so up front, and a refusal comes back in LXD's words.
 */
export const deleteProfile: Command = {
  id: 'lxd.profile.delete',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection, project, name } = await resolveProfile(
      ctx,
      args,
      vscode.l10n.t('Delete Profile'),
      (p) => p.name !== 'default',
      vscode.l10n.t('There is no profile to delete (the default profile cannot be deleted).'),
    );
    if (name === 'default') {
      throw new UserError(vscode.l10n.t('The default profile cannot be deleted.'));
    }
    const api = connection.api(project).profiles;
    // The tree may be a moment behind: ask the server who uses it now.
    const usedBy = usedByNames((await api.get(name)).used_by);
    const detail = usedBy.length
      ? `It is used by ${usedBy.join(', ')}. ${daemonName(connection)} refuses to delete a profile in use: remove it from ${usedBy.length === 1 ? 'that instance' : 'those'} first.`
      : 'Nothing uses it. Its configuration and devices are removed for good.';
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete profile "{0}" in project {1}?', name, project),
      { modal: true, detail },
      vscode.l10n.t('Delete'),
    );
    if (choice !== vscode.l10n.t('Delete')) {
      return;
    }
    try {
      await api.delete(name);
    } catch (e) {
      throw failed(vscode.l10n.t('Cannot delete profile {0}', name), e);
    }
  },
};
