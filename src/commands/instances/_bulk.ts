import * as vscode from 'vscode';
import type { Instance } from '../../generated';
import { Target } from '../targets';
import { describeError } from '../../views/format';
import { failed, isCancellation } from '../wrapper';

export const isRunning = (status?: string): boolean => status === 'Running';

/** The instances API in the instance's own project. */
export function instancesApi(ref: Target<Instance>) {
  return ref.connection.api(ref.project).instances;
}

/**
 * Runs one action over several instances at once, with progress in the Instances view, and reports
 * the failures together in LXD's words.
 */
export async function forEachInstance(
  refs: Target<Instance>[],
  verb: string,
  action: (ref: Target<Instance>, token: vscode.CancellationToken) => Promise<unknown>,
): Promise<void> {
  const label = refs.length === 1 ? refs[0].name : `${refs.length} instances`;
  const results = await vscode.window.withProgress(
    { location: { viewId: 'lxd.views.instances' }, title: `${verb} ${label}…`, cancellable: false },
    (_p, token) => Promise.allSettled(refs.map((r) => action(r, token))),
  );
  const failures = results
    .map((r, i) => ({ r, ref: refs[i] }))
    .filter((x): x is { r: PromiseRejectedResult; ref: Target<Instance> } => x.r.status === 'rejected' && !isCancellation(x.r.reason));
  if (failures.length === 1) {
    throw failed(vscode.l10n.t('Cannot {0} {1}', verb.toLowerCase().replace(/ing$/, ''), failures[0].ref.name), failures[0].r.reason);
  }
  if (failures.length > 1) {
    const detail = failures.map((f) => `${f.ref.name}: ${describeError(f.r.reason)}`).join('; ');
    throw failed(
      vscode.l10n.t('Cannot {0} {1} of {2} instances', verb.toLowerCase().replace(/ing$/, ''), failures.length, refs.length),
      new Error(detail),
    );
  }
}
