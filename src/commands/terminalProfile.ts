import * as vscode from 'vscode';
import { shellTerminalOptions } from '../terminals/open';
import { CommandContext } from './context';
import { vscodeReporter } from './registry';
import { pickInstances } from './targets';
import { reportError } from './wrapper';
import { prepareShell } from './instances/_running';

export const TERMINAL_PROFILE_ID = 'lxd.terminalProfile';

/** "LXD: Instance Shell…" in the terminal panel's + menu: pick an instance, get its shell. */
export function registerShellProfile(ctx: CommandContext): vscode.Disposable {
  return vscode.window.registerTerminalProfileProvider(TERMINAL_PROFILE_ID, {
    async provideTerminalProfile() {
      try {
        const [ref] = await pickInstances(ctx, {
          title: vscode.l10n.t('Open Shell in Instance'),
          noneMessage: vscode.l10n.t('There is no instance to open a shell in.'),
        });
        const { target, spec } = await prepareShell(ref);
        return new vscode.TerminalProfile(shellTerminalOptions(target, spec, ctx.connections));
      } catch (e) {
        await reportError(TERMINAL_PROFILE_ID, e, vscodeReporter());
        return undefined;
      }
    },
  });
}
