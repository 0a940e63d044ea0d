import * as vscode from 'vscode';
import { Connection } from '../../connections/connection';
import { Command, CommandContext } from '../context';
import { askPick, askText, resolveConnection } from '../targets';
import { PROJECT_FEATURES, ProjectFeature, featureConfig, projectNameProblem } from './_validate';
import { failed } from '../wrapper';

/**
 * Name, description, and which `features.*` the project owns (images, profiles and storage volumes
 * by default, as LXD-UI does). Offers to switch to the new project afterwards.
 */
export const createProject: Command = {
  id: 'lxd.project.create',
  async run(ctx: CommandContext, node?: unknown) {
    const c = await resolveConnection(ctx, node, vscode.l10n.t('Create Project'));
    const api = c.api().projects;
    const existing = (await api.list()).map((p) => p.name ?? '');
    const title = (step: string): string => `Create Project on ${c.name}: ${step}`;
    const name = await askText({
      title: title('name'),
      prompt: vscode.l10n.t('Project name'),
      placeHolder: vscode.l10n.t('e.g. staging'),
      validateInput: (v) => projectNameProblem(v, existing),
    });
    const description = await askText({
      title: title('description'),
      prompt: vscode.l10n.t('Description of "{0}" (optional: Enter to skip)', name),
    });
    const offered = PROJECT_FEATURES.filter((f) => !f.extension || c.hasExtension(f.extension));
    const chosen = await pickFeatures(offered, title('features'));
    await vscode.window.withProgress(
      { location: { viewId: 'lxd.views.projects' }, title: vscode.l10n.t('Creating project {0}…', name) },
      async () => {
        try {
          await api.create({ name, description, config: featureConfig(offered, chosen) });
        } catch (e) {
          throw failed(vscode.l10n.t('Cannot create project {0}', name), e);
        }
      },
    );
    void offerSwitch(c, name);
  },
};

async function pickFeatures(offered: ProjectFeature[], title: string): Promise<string[]> {
  const picks = await askPick(
    offered.map((f) => ({ label: f.label, description: f.key, detail: f.detail, picked: f.byDefault, key: f.key })),
    {
      title,
      canPickMany: true,
      placeHolder: vscode.l10n.t('What the project has of its own (the rest is shared with the default project)'),
      ignoreFocusOut: true,
    },
  );
  return picks.map((p) => p.key);
}

async function offerSwitch(c: Connection, name: string): Promise<void> {
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('Project "{0}" created on {1}.', name, c.name),
    vscode.l10n.t('Switch to It'),
  );
  if (choice === vscode.l10n.t('Switch to It')) {
    c.setProject(name);
  }
}
