import * as vscode from 'vscode';
import type { Project } from '../../generated';
import { ProjectNode } from '../../views/projects/projectNode';
import { CommandContext } from '../context';
import { Target, resolveTarget } from '../targets';

/** A project a command acts on: the clicked one, or one picked from every server. */
export function resolveProject(
  ctx: CommandContext,
  args: unknown[],
  title: string,
  filter?: (p: Project) => boolean,
  noneMessage?: string,
): Promise<Target<Project>> {
  return resolveTarget<Project>(
    ctx,
    args,
    (n) => (n instanceof ProjectNode ? { connection: n.connection, project: n.name, name: n.name, value: n.project, node: n } : undefined),
    {
      title,
      noun: 'projects',
      filter,
      noneMessage,
      list: (c) => c.api().projects.list(),
      nameOf: (p) => p.name ?? '',
      projectOf: (p) => p.name ?? '',
      item: (p, c) => ({
        label: p.name ?? '',
        description: [!c.allProjects && c.project === p.name ? 'current' : '', p.description].filter(Boolean).join(' · '),
        detail: c.name,
        iconPath: new vscode.ThemeIcon('project'),
      }),
    },
  );
}
