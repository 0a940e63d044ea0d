import * as vscode from 'vscode';
import type { Instance } from '../../generated';
import { resolveShell, targetOf } from '../../terminals/open';
import { ShellSpec } from '../../terminals/shell';
import { ShellTarget } from '../../terminals/shellTerminal';
import { Target } from '../targets';
import { failed } from '../wrapper';

/**
 * A shell, console or command needs a running instance. A stopped one is offered a start, in a
 * modal that names it; a frozen one is offered an unfreeze. Resolves true when it had to start or
 * unfreeze it: what was listed about the instance is then out of date.
 */
export async function ensureRunning(ref: Target<Instance>, purpose: string): Promise<boolean> {
  const api = ref.connection.api(ref.project).instances;
  const status = ref.value.status ?? (await api.get(ref.name)).status;
  if (status === 'Running') {
    return false;
  }
  const frozen = status === 'Frozen';
  const action = frozen ? 'Unfreeze' : 'Start';
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('{0} is {1}. {2} it to {3}?', ref.name, (status ?? 'not running').toLowerCase(), action, purpose),
    { modal: true },
    action,
  );
  if (choice !== action) {
    throw new vscode.CancellationError();
  }
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${frozen ? 'Unfreezing' : 'Starting'} ${ref.name}…` },
      () => (frozen ? api.unfreeze(ref.name) : api.start(ref.name)).wait(),
    );
  } catch (e) {
    throw failed(vscode.l10n.t('Cannot {0} {1}', action.toLowerCase(), ref.name), e);
  }
  return true;
}

/** What a shell terminal needs: the instance running (see ensureRunning), where the shell goes, and what it runs. */
export async function prepareShell(ref: Target<Instance>): Promise<{ target: ShellTarget; spec: ShellSpec }> {
  const started = await ensureRunning(ref, 'open a shell');
  const target = targetOf(ref.connection, ref.project, ref.name);
  const spec = await resolveShell(target, started ? undefined : ref.value).catch((e) => {
    throw failed(vscode.l10n.t('Cannot open a shell in {0}', ref.name), e);
  });
  return { target, spec };
}
