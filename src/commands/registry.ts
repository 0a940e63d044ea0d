import * as vscode from 'vscode';
import { log } from '../logger';
import { Command, CommandContext } from './context';
import { Reporter, runCommand } from './wrapper';

/**
 * Registers every command through one wrapper (see wrapper.ts) and each renamed id as a forward to
 * its new one (see aliases.ts).
 */
export function registerCommands(ctx: CommandContext, commands: Command[], renamed: Readonly<Record<string, string>>): void {
  const reporter = vscodeReporter();
  for (const command of commands) {
    ctx.extension.subscriptions.push(
      vscode.commands.registerCommand(command.id, (...args: unknown[]) => runCommand(ctx, command, args, reporter)),
    );
  }
  for (const [old, current] of Object.entries(renamed)) {
    ctx.extension.subscriptions.push(
      vscode.commands.registerCommand(old, (...args: unknown[]) => {
        log().info(`The command id ${old} is now ${current}: the old id goes away in the next release.`);
        return vscode.commands.executeCommand(current, ...args);
      }),
    );
  }
}

/** The wrapper's messages go to VS Code's window and the extension's log. */
export function vscodeReporter(): Reporter {
  return { log: log(), showError: (message, ...actions) => vscode.window.showErrorMessage(message, ...actions) };
}
