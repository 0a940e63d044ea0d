import * as vscode from 'vscode';
import { resolveShell, targetOf } from '../../terminals/open';
import { ShellSpec } from '../../terminals/shell';
import { ShellTarget } from '../../terminals/shellTerminal';
import { failed } from '../registry';
import { InstanceRef } from '../targets';

/**
 * A shell, console or command needs a running instance. A stopped one is offered a start, in a
 * modal that names it; a frozen one is offered an unfreeze.
 */
export async function ensureRunning(ref: InstanceRef, purpose: string): Promise<void> {
  const api = ref.connection.api(ref.project).instances;
  const status = ref.instance?.status ?? (await api.get(ref.name)).status;
  if (status === 'Running') {
    return;
  }
  const frozen = status === 'Frozen';
  const action = frozen ? 'Unfreeze' : 'Start';
  const choice = await vscode.window.showInformationMessage(
    `${ref.name} is ${(status ?? 'not running').toLowerCase()}. ${action} it to ${purpose}?`,
    { modal: true },
    action,
  );
  if (choice !== action) {
    throw new vscode.CancellationError();
  }
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${frozen ? 'Unfreezing' : 'Starting'} ${ref.name}…` }, () =>
      (frozen ? api.unfreeze(ref.name) : api.start(ref.name)).wait(),
    );
  } catch (e) {
    throw failed(`Cannot ${action.toLowerCase()} ${ref.name}`, e);
  }
  ref.instance = undefined;
}

/** What a shell terminal needs: the instance running (see ensureRunning), where the shell goes, and what it runs. */
export async function prepareShell(ref: InstanceRef): Promise<{ target: ShellTarget; spec: ShellSpec }> {
  await ensureRunning(ref, 'open a shell');
  const target = targetOf(ref.connection, ref.project, ref.name);
  const spec = await resolveShell(target, ref.instance).catch((e) => {
    throw failed(`Cannot open a shell in ${ref.name}`, e);
  });
  return { target, spec };
}
