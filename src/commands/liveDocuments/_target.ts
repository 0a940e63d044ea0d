import * as vscode from 'vscode';
import type { LiveDocument } from '../../live/liveDocument';
import { CommandContext } from '../context';
import { UserError } from '../wrapper';

/** The live document a title-bar action was clicked on (its URI is the argument), else the active editor's. */
export function liveTarget(ctx: CommandContext, arg: unknown): LiveDocument {
  const doc = arg instanceof vscode.Uri ? ctx.live.get(arg) : ctx.live.active();
  if (!doc) {
    throw new UserError(vscode.l10n.t('Open a log, console log or events view first: this acts on the one in the active editor.'));
  }
  return doc;
}
