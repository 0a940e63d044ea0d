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
    const { connection, project, name: fingerprint, value: image } = await resolveImage(ctx, args, 'Copy Image to Server');
    const name = imageName(image);
    const target = await pickTarget(ctx, connection, name);
    const toProject = target.defaultProject;
    const to = target.api(toProject);
    if (await to.images.get(fingerprint).then(() => true, () => false)) {
      throw new UserError(`${target.name} already has image ${name} (${shortFingerprint(image)}) in project ${toProject}.`);
    }
    const taken = new Set((await to.images.aliases()).map((a) => a.name));
    const aliases = aliasNames(image).filter((a) => !taken.has(a));
    const kept = aliasNames(image).filter((a) => taken.has(a));
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Copying ${name} to ${target.name} (${toProject})`, cancellable: true }, async (progress, token) => {
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
        throw failed(`Cannot copy ${name} to ${target.name}`, e);
      }
    });
    const note = kept.length ? ` ${target.name} already had the alias${kept.length > 1 ? 'es' : ''} ${kept.map((a) => `"${a}"`).join(', ')} for another image: left as it was.` : '';
    void vscode.window.showInformationMessage(`Copied ${name} to ${target.name} (${toProject}).${note}`);
  },
};

async function pickTarget(ctx: CommandContext, from: Connection, name: string): Promise<Connection> {
  const others = connected(ctx).filter((c) => c !== from);
  if (!others.length) {
    throw new UserError(`Copy to Server copies an image between two connected servers: ${from.name} is the only one. Add another with "LXD: Add Remote…".`);
  }
  if (others.length === 1) {
    return others[0];
  }
  const pick = await askPick(
    others.map((c) => ({ label: c.name, description: `${c.serverLabel} · ${c.spec.address} · project ${c.defaultProject}`, c })),
    { title: `Copy ${name} to`, placeHolder: 'Choose the server to copy the image to' },
  );
  return pick.c;
}
