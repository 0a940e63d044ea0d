import * as vscode from 'vscode';
import type { Profile } from '../../generated';
import { ProfileNode } from '../../views/profiles/profileNode';
import { CommandContext } from '../context';
import { Target, resolveTarget } from '../targets';

/** The profile a command acts on: the clicked one, or one picked from every server's current project. */
export function resolveProfile(
  ctx: CommandContext,
  args: unknown[],
  title: string,
  filter?: (p: Profile) => boolean,
  noneMessage?: string,
): Promise<Target<Profile>> {
  return resolveTarget<Profile>(
    ctx,
    args,
    (n) =>
      n instanceof ProfileNode ? { connection: n.connection, project: n.project, name: n.name, value: n.profile, node: n } : undefined,
    {
      title,
      noun: 'profiles',
      filter,
      noneMessage,
      list: (c) => c.api(c.defaultProject).profiles.list(),
      nameOf: (p) => p.name ?? '',
      item: (p, c, project) => ({
        label: p.name ?? '',
        description: [(p.used_by ?? []).length ? `used by ${(p.used_by ?? []).length}` : 'unused', p.description]
          .filter(Boolean)
          .join(' · '),
        detail: vscode.l10n.t('{0} · project {1}', c.name, project),
        iconPath: new vscode.ThemeIcon('symbol-property'),
      }),
    },
  );
}
