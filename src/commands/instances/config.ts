import * as vscode from 'vscode';
import { Command, CommandContext } from '../context';
import { CONFIG_SCHEME, parseResourceUri } from '../../editors/uris';
import { infoUri } from '../../editors/infoDocs';
import { UserError } from '../registry';
import { InstanceRef, askPick, openConfigEditor, resolveInstance } from '../targets';

function address(ref: InstanceRef) {
  return { connectionId: ref.connection.id, project: ref.project, kind: 'instance', name: ref.name };
}

export const editInstanceConfig: Command = {
  id: 'lxd.instance.editConfig',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Edit Instance Configuration' });
    await openConfigEditor(ref, 'instance', ref.name);
  },
};

export const showInstanceDetails: Command = {
  id: 'lxd.instance.showDetails',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Show Instance Details' });
    await openReadOnly(infoUri({ ...address(ref), view: 'details' }), 'yaml');
  },
};

export const showInstanceLog: Command = {
  id: 'lxd.instance.showLog',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Show Instance Log' });
    const files = await ref.connection.api(ref.project).instances.logs(ref.name);
    if (!files.length) {
      throw new UserError(`${ref.name} has no log files yet (they appear once it has started).`);
    }
    const file = files.includes('lxc.log') ? 'lxc.log' : files.length === 1 ? files[0] : (await askPick(files.map((label) => ({ label })), { title: `Logs of ${ref.name}` })).label;
    await openReadOnly(infoUri({ ...address(ref), view: `log:${file}` }), 'log');
  },
};

export const showConsoleLog: Command = {
  id: 'lxd.instance.showConsoleLog',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const ref = await resolveInstance(ctx, args, { title: 'Show Console Log' });
    await openReadOnly(infoUri({ ...address(ref), view: 'console-log' }), 'log');
  },
};

/** Opens the server's current version beside the user's edited one. */
export const compareWithServer: Command = {
  id: 'lxd.config.compareWithServer',
  async run(_ctx: CommandContext, uri?: unknown) {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!target || target.scheme !== CONFIG_SCHEME) {
      throw new UserError('Open a configuration from the LXD views first (e.g. Edit Configuration).');
    }
    const a = parseResourceUri(target);
    const server = infoUri({ ...a, view: 'server' });
    await vscode.commands.executeCommand('vscode.diff', server, target, `${a.name}: server ↔ yours`);
  },
};

async function openReadOnly(uri: vscode.Uri, language: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, language);
  await vscode.window.showTextDocument(doc, { preview: true });
}
