import * as vscode from 'vscode';
import { daemonName } from '../../connections/serverKind';
import { openConsole, targetOf } from '../../terminals/open';
import { Command, CommandContext } from '../context';
import { resolveInstance } from '../targets';
import { UserError } from '../wrapper';
import { ensureRunning } from './_running';

/**
 * Attaches a terminal to an instance's console: a container's `/dev/console`, a virtual machine's
 * serial console (the `console` type of `/console` on both, where the server runs VMs). Ctrl+A q
 * (or closing the terminal) detaches.
 */
export const attachConsoleCommand: Command = {
  id: 'lxd.instance.attachConsole',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Attach Console' });
    if (
      ref.value.type === 'virtual-machine' &&
      !(ref.connection.hasExtension('virtual-machines') && ref.connection.hasExtension('console'))
    ) {
      throw new UserError(
        vscode.l10n.t('{0} on {1} offers no serial console for virtual machines.', daemonName(ref.connection), ref.connection.name),
      );
    }
    await ensureRunning(ref, 'attach to its console');
    openConsole(targetOf(ref.connection, ref.project, ref.name), ctx.connections);
  },
};
