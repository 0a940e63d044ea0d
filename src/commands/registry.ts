import * as vscode from 'vscode';
import { CancelledError, LxdError } from '../client';
import { log } from '../logger';
import { Command, CommandContext } from './context';

/**
 * Registers every command through one wrapper: the error and its stack go to the log, the user gets
 * one short message in LXD's words with "Show Log", and cancellation is silent. A renamed id
 * forwards to its new one (see aliases.ts).
 */
export function registerCommands(ctx: CommandContext, commands: Command[], renamed: Readonly<Record<string, string>>): void {
  for (const command of commands) {
    ctx.extension.subscriptions.push(vscode.commands.registerCommand(command.id, (...args: unknown[]) => runCommand(ctx, command, args)));
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

export async function runCommand(ctx: CommandContext, command: Command, args: unknown[]): Promise<void> {
  try {
    await command.run(ctx, ...args);
  } catch (e) {
    await reportError(command.id, e);
  }
}

export async function reportError(commandId: string, e: unknown): Promise<void> {
  if (isCancellation(e)) {
    log().debug(`${commandId} cancelled`);
    return;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  log().error(`${commandId} failed: ${err.message}`, err.stack ?? '');
  const choice = await vscode.window.showErrorMessage(userMessage(err), 'Show Log');
  if (choice === 'Show Log') {
    log().show(true);
  }
}

/** An error a command raises on purpose, with the sentence the user should read. */
export class UserError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'UserError';
  }
}

/** Wraps a failure with what the user was doing: "Cannot start c1: The instance is already running". */
export function failed(what: string, e: unknown): Error {
  if (isCancellation(e)) {
    return e as Error;
  }
  const detail = e instanceof LxdError || e instanceof Error ? e.message : String(e);
  const err = new UserError(`${what}: ${detail}`, e);
  err.stack = `${err.stack}\nCaused by: ${(e as Error)?.stack ?? detail}`;
  return err;
}

function userMessage(e: Error): string {
  return e.message.length > 400 ? `${e.message.slice(0, 400)}…` : e.message;
}

export function isCancellation(e: unknown): boolean {
  return e instanceof CancelledError || e instanceof vscode.CancellationError || (e as Error)?.name === 'Canceled';
}
