import { CancelledError } from '../client';
import { describeError } from '../views/format';
import type { Command, CommandContext } from './context';

/**
 * The one wrapper every command runs in: the error and its stack go to the log, the user gets one
 * short message in LXD's words with "Show Log", and cancellation is silent. Free of `vscode`: the
 * registry gives it VS Code's window and log (a `Reporter`), unit tests give it a recording one.
 */
export interface Reporter {
  log: {
    debug(message: string): void;
    error(message: string, ...args: unknown[]): void;
    show(preserveFocus?: boolean): void;
  };
  /** Shows an error message with buttons; resolves with the one clicked. */
  showError(message: string, ...actions: string[]): PromiseLike<string | undefined>;
}

export async function runCommand(ctx: CommandContext, command: Command, args: unknown[], reporter: Reporter): Promise<void> {
  try {
    await command.run(ctx, ...args);
  } catch (e) {
    await reportError(command.id, e, reporter);
  }
}

export async function reportError(commandId: string, e: unknown, reporter: Reporter): Promise<void> {
  if (isCancellation(e)) {
    reporter.log.debug(`${commandId} cancelled`);
    return;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  reporter.log.error(`${commandId} failed: ${err.message}`, err.stack ?? '');
  const choice = await reporter.showError(userMessage(err), 'Show Log');
  if (choice === 'Show Log') {
    reporter.log.show(true);
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
  const detail = describeError(e);
  const err = new UserError(`${what}: ${detail}`, e);
  err.stack = `${err.stack}\nCaused by: ${(e as Error)?.stack ?? detail}`;
  return err;
}

function userMessage(e: Error): string {
  return e.message.length > 400 ? `${e.message.slice(0, 400)}…` : e.message;
}

/** The client's CancelledError, or VS Code's CancellationError (whose name is `Canceled`). */
export function isCancellation(e: unknown): boolean {
  return e instanceof CancelledError || (e as Error)?.name === 'Canceled';
}
