import * as vscode from 'vscode';
import type { Operation } from '../../generated';
import { OperationNode, isCancellable, operationLabel } from '../../views/operations/operationNode';
import { daemonName } from '../../connections/serverKind';
import { Command, CommandContext } from '../context';
import { resolveTarget } from '../targets';
import { failed } from '../wrapper';

/** Cancels an operation LXD allows to cancel (`may_cancel`: downloads, migrations, tokens…). */
export const cancelOperation: Command = {
  id: 'lxd.operation.cancel',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection, value: op } = await resolveTarget<Operation>(
      ctx,
      args,
      (n) =>
        n instanceof OperationNode
          ? { connection: n.connection, project: n.connection.project, name: n.operation.id ?? '', value: n.operation, node: n }
          : undefined,
      {
        title: vscode.l10n.t('Cancel Operation'),
        noun: 'operations',
        noneMessage: vscode.l10n.t('No running operation can be cancelled.'),
        filter: isCancellable,
        list: (c) => c.api().operations.list({ allProjects: c.allProjects }),
        nameOf: (o) => o.id ?? '',
        item: (o, c) => ({
          label: operationLabel(o),
          description: [o.status, o.class].join(' · '),
          detail: `${c.name} · ${o.id}`,
          iconPath: new vscode.ThemeIcon('loading~spin'),
        }),
      },
    );
    const what = operationLabel(op);
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Cancel "{0}" on {1}?', what, connection.name),
      {
        modal: true,
        detail:
          op.class === 'token'
            ? vscode.l10n.t('The token stops working: nobody can use it to join or be trusted.')
            : vscode.l10n.t('{0} stops the work where it is.', daemonName(connection)),
      },
      vscode.l10n.t('Cancel Operation'),
    );
    if (choice !== vscode.l10n.t('Cancel Operation')) {
      return;
    }
    try {
      // Operations are found by id whatever the project; the current one is sent for servers that check it.
      await connection.api().operations.cancel(op.id ?? '');
    } catch (e) {
      throw failed(vscode.l10n.t('Cannot cancel "{0}"', what), e);
    }
  },
};
