import * as vscode from 'vscode';
import { ALL_PROJECTS, Connection } from '../../connections/connection';
import { ProjectNode } from '../../views/projects/projectNode';
import { Command, CommandContext } from '../context';
import { askPick, resolveConnection } from '../targets';
import { failed } from '../wrapper';

/** Switches the current project of a connection, or shows all projects at once. */
export const switchProject: Command = {
  id: 'lxd.project.switch',
  async run(ctx: CommandContext, node?: unknown) {
    if (node instanceof ProjectNode) {
      node.connection.setProject(node.name);
      return;
    }
    const c = await resolveConnection(ctx, node, vscode.l10n.t('Switch Project'));
    await pickProject(c);
  },
};

export async function pickProject(c: Connection): Promise<void> {
  let projects;
  try {
    projects = await c.api().projects.list();
  } catch (e) {
    throw failed(vscode.l10n.t('Cannot list the projects of {0}', c.name), e);
  }
  const items: (vscode.QuickPickItem & { project: string })[] = [
    ...projects.map((p) => ({
      label: `${p.name === c.project ? '$(check) ' : ''}${p.name}`,
      description: p.description,
      project: p.name ?? 'default',
    })),
    { label: '', kind: vscode.QuickPickItemKind.Separator, project: '' },
    {
      label: `${c.allProjects ? '$(check) ' : ''}All projects`,
      description: vscode.l10n.t('show every project; items name their project'),
      project: ALL_PROJECTS,
    },
  ];
  const pick = await askPick(items, {
    title: vscode.l10n.t('Project on {0}', c.name),
    placeHolder: vscode.l10n.t('Current: {0}', c.projectLabel),
  });
  c.setProject(pick.project);
}
