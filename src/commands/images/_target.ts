import * as vscode from 'vscode';
import type { Image } from '../../generated';
import { ImageNode, aliasNames, imageLabel, shortFingerprint } from '../../views/images/imageNode';
import { CommandContext } from '../context';
import { Target, resolveTarget } from '../targets';
import { formatBytes } from '../../views/format';

export { aliasNames, shortFingerprint };

export const imageName = imageLabel;

/** The image a command acts on: the clicked one, or one picked from every server's images. */
export function resolveImage(
  ctx: CommandContext,
  args: unknown[],
  title: string,
  filter?: (i: Image) => boolean,
  noneMessage?: string,
): Promise<Target<Image>> {
  return resolveTarget<Image>(
    ctx,
    args,
    (n) =>
      n instanceof ImageNode
        ? { connection: n.connection, project: n.project, name: n.image.fingerprint ?? '', value: n.image, node: n }
        : undefined,
    {
      title,
      noun: 'images',
      filter,
      noneMessage,
      list: (c) => c.api().images.list({ allProjects: c.allProjects }),
      nameOf: (i) => i.fingerprint ?? '',
      projectOf: (i, c) => i.project ?? c.project,
      item: (i, c, project) => ({
        label: imageName(i),
        description: [shortFingerprint(i), aliasNames(i).slice(1).join(', '), c.allProjects ? project : ''].filter(Boolean).join(' · '),
        detail: [i.properties?.description, i.type === 'virtual-machine' ? 'virtual machine' : 'container', formatBytes(i.size), c.name]
          .filter(Boolean)
          .join(' · '),
        iconPath: new vscode.ThemeIcon(i.type === 'virtual-machine' ? 'vm' : 'package'),
      }),
    },
  );
}
