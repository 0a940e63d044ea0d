import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { resolveImage, shortFingerprint } from './_target';

export const copyImageFingerprint: Command = {
  id: 'lxd.image.copyFingerprint',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { name: fingerprint, value: image } = await resolveImage(ctx, args, vscode.l10n.t('Copy Image Fingerprint'));
    await vscode.env.clipboard.writeText(fingerprint);
    vscode.window.setStatusBarMessage(`$(copy) Copied the fingerprint ${shortFingerprint(image)}…`, 3000);
  },
};
