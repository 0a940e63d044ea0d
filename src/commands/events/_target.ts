import * as vscode from 'vscode';
import { EventsDocument } from '../../live';
import { CommandContext } from '../context';
import { liveTarget } from '../liveDocuments/_target';
import { UserError } from '../wrapper';

/** The events view a title-bar action was clicked on, else the active editor's. */
export function eventsTarget(ctx: CommandContext, arg: unknown): EventsDocument {
  const doc = liveTarget(ctx, arg);
  if (!(doc instanceof EventsDocument)) {
    throw new UserError(vscode.l10n.t('Open a server\'s events first ("Show Events" on a server).'));
  }
  return doc;
}
