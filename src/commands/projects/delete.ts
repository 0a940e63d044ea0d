import * as vscode from 'vscode';
import { daemonName } from '../../connections/serverKind';
import { usedByNames } from '../../views/profiles/usedBy';
import { Command, CommandContext } from '../context';
import { resolveProject } from './_target';
import { listSome } from '../../views/format';
import { UserError, failed } from '../wrapper';

/**
 * Deletes a project after a modal. LXD refuses the default project and any project that still
 * holds instances, images, volumes or profiles other than its default one; the modal lists what is
 * left, and a refusal comes back in LXD's words. A connection working in the deleted project moves
 * to `default`.
 */
export const deleteProject: Command = {
  id: 'lxd.project.delete',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection, name } = await resolveProject(
      ctx,
      args,
      vscode.l10n.t('Delete Project'),
      (p) => p.name !== 'default',
      vscode.l10n.t('There is no project to delete (the default project cannot be deleted).'),
    );
    if (name === 'default') {
      throw new UserError(vscode.l10n.t('The default project cannot be deleted.'));
    }
    const api = connection.api().projects;
    // A project's own default profile does not keep it from being deleted.
    const left = usedByNames((await api.get(name)).used_by).filter((u) => u !== 'profile default');
    const detail = left.length
      ? `It still holds ${listSome(left, 8)}. ${daemonName(connection)} deletes only empty projects.`
      : 'It is empty. The project and its configuration are removed.';
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete project "{0}" on {1}?', name, connection.name),
      { modal: true, detail },
      vscode.l10n.t('Delete'),
    );
    if (choice !== vscode.l10n.t('Delete')) {
      return;
    }
    await vscode.window.withProgress(
      { location: { viewId: 'lxd.views.projects' }, title: vscode.l10n.t('Deleting project {0}…', name) },
      async () => {
        try {
          await api.delete(name);
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot delete project {0}', name), e);
        }
      },
    );
    if (connection.project === name) {
      connection.setProject('default');
      vscode.window.setStatusBarMessage(`${connection.name} switched to project default`, 5000);
    }
  },
};
