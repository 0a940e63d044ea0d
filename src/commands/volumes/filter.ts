import * as vscode from 'vscode';
import { VOLUME_FILTER } from '../../views/arrangement/specs';
import { Command, CommandContext } from '../context';
import { changeFilter } from '../arrangePicks';

/** Narrows the volumes of the Storage view by name, volume type and content type. */
export const filterVolumes: Command = {
  id: 'lxd.volume.filter',
  async run(ctx: CommandContext) {
    // Volumes are listed per pool as it opens: the picker offers the types LXD has, without counts.
    await changeFilter(ctx, 'volumes', { noun: vscode.l10n.t('Volumes'), spec: VOLUME_FILTER, rows: [] });
  },
};
