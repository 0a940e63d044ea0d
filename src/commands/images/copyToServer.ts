import * as vscode from 'vscode';
import { SourceNotReachableError, cliName, copyImage } from '../../client';
import { Connection } from '../../connections/connection';
import { readImageProgress, progressMessage } from '../../imageServers/progress';
import { signalOf } from '../../util/signal';
import { Command, CommandContext } from '../context';
import { askPick, connected } from '../targets';
import { UserError, failed } from '../wrapper';
import { aliasNames, imageName, resolveImage, shortFingerprint } from './_target';

/**
 * Copy to Server…: another connected server downloads the image from this one, as `lxc image copy`
 * does (over the network: the source must listen on an HTTPS address the target reaches), into its
 * current project, with the aliases it does not have yet.
 */
export const copyImageToServer: Command = {
  id: 'lxd.image.copyToServer',
  async run(ctx: CommandContext, ...args: unknown[]) {
    const { connection, project, name: fingerprint, value: image } = await resolveImage(ctx, args, vscode.l10n.t('Copy Image to Server'));
    const name = imageName(image);
    const target = await pickTarget(ctx, connection, name);
    const toProject = target.defaultProject;
    const to = target.api(toProject);
    if (
      await to.images.get(fingerprint).then(
        () => true,
        () => false,
      )
    ) {
      throw new UserError(
        vscode.l10n.t('{0} already has image {1} ({2}) in project {3}.', target.name, name, shortFingerprint(image), toProject),
      );
    }
    const taken = new Set((await to.images.aliases()).map((a) => a.name));
    const aliases = aliasNames(image).filter((a) => !taken.has(a));
    const kept = aliasNames(image).filter((a) => taken.has(a));
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Copying {0} to {1} ({2})', name, target.name, toProject),
        cancellable: true,
      },
      async (progress, token) => {
        try {
          await copyImage({
            from: connection.api(project),
            to,
            fingerprint,
            fromProject: project,
            toProject,
            aliases,
            signal: signalOf(token),
            onProgress: (p) => progress.report({ message: progressMessage(readImageProgress(p), p.text) }),
          });
        } catch (e) {
          if (e instanceof SourceNotReachableError) {
            throw new UserError(
              `Cannot copy ${name} to ${target.name}: ${connection.name} listens only on its unix socket, so ${target.name} cannot download the image from it. ` +
                `Make ${connection.name} listen on the network ("${cliName(connection.server?.kind)} config set core.https_address :8443" on it), then copy again.`,
              e,
            );
          }
          throw failed(vscode.l10n.t('Cannot copy {0} to {1}', name, target.name), e);
        }
      },
    );
    const note = kept.length
      ? vscode.l10n.t(
          ' {0} already had the alias{1} {2} for another image: left as it was.',
          target.name,
          kept.length > 1 ? vscode.l10n.t('es') : '',
          kept.map((a) => `"${a}"`).join(', '),
        )
      : '';
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0} to {1} ({2}).{3}', name, target.name, toProject, note));
  },
};

async function pickTarget(ctx: CommandContext, from: Connection, name: string): Promise<Connection> {
  const others = (await connected(ctx)).filter((c) => c !== from);
  if (!others.length) {
    throw new UserError(
      vscode.l10n.t(
        'Copy to Server copies an image between two connected servers: {0} is the only one. Add another with "LXD: Add Remote…".',
        from.name,
      ),
    );
  }
  if (others.length === 1) {
    return others[0];
  }
  const pick = await askPick(
    others.map((c) => ({ label: c.name, description: `${c.serverLabel} · ${c.spec.address} · project ${c.defaultProject}`, c })),
    { title: vscode.l10n.t('Copy {0} to', name), placeHolder: vscode.l10n.t('Choose the server to copy the image to') },
  );
  return pick.c;
}
