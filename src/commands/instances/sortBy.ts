import * as vscode from 'vscode';
import { SORTINGS } from '../../views/arrangement/specs';
import { Command, CommandContext } from '../context';
import { pickChoice } from '../arrangePicks';

/** Orders the rows of the Instances view by name, creation or last use. */
export const sortInstancesBy: Command = {
  id: 'lxd.instance.sortBy',
  async run(ctx: CommandContext) {
    const labels = {
      name: vscode.l10n.t('Name'),
      created: vscode.l10n.t('Created (newest first)'),
      lastUsed: vscode.l10n.t('Last Used (most recent first)'),
    };
    ctx.arrangement.setSort(await pickChoice(SORTINGS, labels, ctx.arrangement.sort, vscode.l10n.t('Sort Instances By')));
  },
};
