import * as vscode from 'vscode';
import { DOWNLOAD_CANCEL_GRACE_MS, InstanceBuilder, Progress, ServerKind, downloadImage, remoteImageRef } from '../../client';
import { Connection } from '../../connections/connection';
import { imageLabel, remoteFacts } from '../../imageServers/choices';
import { overallPercent, progressMessage, readImageProgress } from '../../imageServers/progress';
import { signalOf } from '../../util/signal';
import { failed } from '../wrapper';
import type { ChosenImage } from './_imagePick';

export interface LaunchPlan {
  name: string;
  project: string;
  image: ChosenImage;
  profiles: string[];
  /** Cluster member; automatic when undefined. */
  target?: string;
  start: boolean;
  /** The server's kind and architecture, for the source of an image server's image. */
  kind?: ServerKind;
  architecture?: string;
}

/**
 * Creates (and starts) the instance in a cancellable notification. An image server's image is
 * downloaded by the server itself, its progress (file, percent, speed) shown as it goes; the
 * server leaves no instance behind when the download is cancelled or fails.
 */
export async function launchInstance(c: Connection, plan: LaunchPlan): Promise<void> {
  const api = c.api(plan.project);
  const remote = plan.image.from === 'server' ? plan.image : undefined;
  const from = remote ? ` from ${imageLabel(remoteFacts(remote.image, remote.source.name))}` : '';
  const title = `${plan.start ? 'Launching' : 'Creating'} ${plan.name}${from}`;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const signal = signalOf(token);
      token.onCancellationRequested(() => progress.report({ message: vscode.l10n.t('Cancelling…') }));
      let done = 0;
      const onProgress = (p: Progress): void => {
        const read = readImageProgress(p);
        const overall = overallPercent(read);
        const increment = overall !== undefined && overall > done ? overall - done : undefined;
        done = Math.max(done, overall ?? 0);
        progress.report({ message: progressMessage(read, p.text), increment });
      };
      try {
        const builder = new InstanceBuilder(plan.name)
          .type(
            plan.image.from === 'local'
              ? plan.image.image.type === 'virtual-machine'
                ? 'virtual-machine'
                : 'container'
              : plan.image.image.type,
          )
          .profiles(...plan.profiles);
        if (!remote) {
          builder.image({ fingerprint: plan.image.image.fingerprint ?? '' });
        } else if (remote.server.protocol !== 'simplestreams' && remote.server.project && remote.server.project !== 'default') {
          // Creating an instance from an LXD / Incus server looks in its default project only.
          progress.report({ message: vscode.l10n.t('Downloading into the image store of {0}…', plan.project) });
          await downloadImage(api, remote.server, remote.image, {
            kind: plan.kind,
            architecture: plan.architecture,
            project: plan.project,
            onProgress,
            signal,
          });
          builder.image({ fingerprint: remote.image.fingerprint });
        } else {
          builder.image(remoteImageRef(remote.server, remote.image, { kind: plan.kind, architecture: plan.architecture }));
        }
        // Made not cancellable, the create becomes cancellable once the server downloads the image.
        const cancelGraceMs = remote ? DOWNLOAD_CANCEL_GRACE_MS : 0;
        if (plan.start) {
          await api.instances.launch(builder, { target: plan.target, signal, onProgress, cancelGraceMs });
        } else {
          await api.instances.create(builder, { target: plan.target, signal }).wait({ signal, onProgress, cancelGraceMs });
        }
      } catch (e) {
        throw failed(vscode.l10n.t('Cannot {0} {1}', plan.start ? vscode.l10n.t('launch') : vscode.l10n.t('create'), plan.name), e);
      }
    },
  );
}
