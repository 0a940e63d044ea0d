import * as vscode from 'vscode';
import { GROUPINGS } from '../../views/arrangement/specs';
import { Command, CommandContext } from '../context';
import { pickChoice } from '../arrangePicks';

/** Groups the rows of the Instances view under their project, status or cluster member, or not at all. */
export const groupInstancesBy: Command = {
  id: 'lxd.instance.groupBy',
  async run(ctx: CommandContext) {
    const labels = {
      none: vscode.l10n.t('None'),
      project: vscode.l10n.t('Project'),
      status: vscode.l10n.t('Status'),
      location: vscode.l10n.t('Location (cluster member)'),
    };
    ctx.arrangement.setGroup(await pickChoice(GROUPINGS, labels, ctx.arrangement.group, vscode.l10n.t('Group Instances By')));
  },
};
