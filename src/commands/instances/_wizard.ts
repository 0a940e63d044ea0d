import * as vscode from 'vscode';
import type { Image } from '../../generated';
import { InstanceBuilder, instanceNameProblem } from '../../client';
import { Connection } from '../../connections/connection';
import { shortFingerprint } from '../../views/images/imageNode';
import { askPick, askText } from '../targets';
import { signalOf } from '../../util/signal';
import { formatBytes } from '../../views/format';
import { UserError, failed } from '../wrapper';

type Kind = 'container' | 'virtual-machine';

export interface CreateDefaults {
  /** Preselects an image (from "Launch Instance from Image"). */
  image?: Image;
}

/**
 * The create wizard on one server: container or VM, image (that server's images and aliases), name
 * (validated as LXD validates it), profiles, cluster member when clustered, start now. Progress
 * comes from the operation; cancelling cancels where LXD allows it.
 */
export async function runWizard(c: Connection, defaults: CreateDefaults): Promise<void> {
  const project = c.defaultProject;
  const api = c.api(project);
  const title = (step: string): string => `Create Instance on ${c.name} (${project}): ${step}`;
  const [images, profiles, names] = await Promise.all([api.images.list(), api.profiles.list(), api.instances.names()]);
  const type: Kind = defaults.image ? (defaults.image.type === 'virtual-machine' ? 'virtual-machine' : 'container') : await pickType(c, title('type'));
  const image = defaults.image ?? (await pickImage(images.filter((i) => (i.type || 'container') === type), title('image'), c, project, type));
  const name = await askText({
    title: title('name'),
    prompt: vscode.l10n.t('Instance name: letters, digits and hyphens, starting with a letter'),
    placeHolder: vscode.l10n.t('e.g. web-1'),
    validateInput: (v) => instanceNameProblem(v, c.server?.kind) ?? (names.includes(v) ? `An instance named "${v}" already exists in project ${project}.` : undefined),
  });
  const chosenProfiles = await pickProfiles(profiles.map((p) => p.name ?? ''), title('profiles'));
  const target = c.server?.clustered ? await pickMember(c, title('cluster member')) : undefined;
  const start = await askPick(
    [
      { label: 'Start now', description: 'create and start the instance', start: true },
      { label: 'Create only', description: 'leave it stopped', start: false },
    ],
    { title: title('start'), ignoreFocusOut: true },
  );
  const builder = new InstanceBuilder(name).type(type).image({ fingerprint: image.fingerprint ?? '' }).profiles(...chosenProfiles);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating {0}', name), cancellable: true }, async (progress, token) => {
    const signal = signalOf(token);
    const onProgress = (p: { text: string; percent?: number }): void => progress.report({ message: p.text });
    try {
      if (start.start) {
        await api.instances.launch(builder, { target, signal, onProgress });
      } else {
        await api.instances.create(builder, { target }).wait({ signal, onProgress });
      }
    } catch (e) {
      throw failed(vscode.l10n.t('Cannot create {0}', name), e);
    }
  });
}

async function pickType(c: Connection, title: string): Promise<Kind> {
  const pick = await askPick(
    [
      { label: '$(package) Container', description: 'shares the host kernel; starts in a second', instanceType: 'container' as Kind },
      { label: '$(vm) Virtual machine', description: c.hasExtension('virtual-machines') ? 'its own kernel' : 'this server does not support virtual machines', instanceType: 'virtual-machine' as Kind },
    ],
    { title, ignoreFocusOut: true },
  );
  return pick.instanceType;
}

async function pickImage(images: Image[], title: string, c: Connection, project: string, type: Kind): Promise<Image> {
  if (!images.length) {
    throw new UserError(vscode.l10n.t('{0} has no {1} images in project {2}. Import one first (e.g. lxc image import).', c.name, type === 'container' ? vscode.l10n.t('container') : vscode.l10n.t('virtual-machine'), project));
  }
  const items = images.flatMap((img) => {
    const fp = shortFingerprint(img);
    const detail = [img.properties?.description, formatBytes(img.size)].filter(Boolean).join(' · ');
    const aliases = img.aliases ?? [];
    const base = { description: fp, detail, image: img };
    return aliases.length ? aliases.map((a) => ({ ...base, label: `$(tag) ${a.name}` })) : [{ ...base, label: img.properties?.description || fp }];
  });
  const pick = await askPick(items, { title, placeHolder: vscode.l10n.t('Choose an image'), matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
  return pick.image;
}

async function pickProfiles(all: string[], title: string): Promise<string[]> {
  if (all.length <= 1) {
    return all;
  }
  const picks = await askPick(
    all.map((p) => ({ label: p, picked: p === 'default' })),
    { title, canPickMany: true, placeHolder: vscode.l10n.t('Profiles applied in this order (default is preselected)'), ignoreFocusOut: true },
  );
  return picks.map((p) => p.label);
}

async function pickMember(c: Connection, title: string): Promise<string | undefined> {
  const members = await c.api().cluster.members();
  if (members.length <= 1) {
    return undefined;
  }
  const pick = await askPick(
    [{ label: '$(sparkle) Automatic', description: 'let the cluster choose', member: undefined as string | undefined }, ...members.map((m) => ({ label: m.server_name ?? '', description: `${m.status ?? ''} · ${(m.roles ?? []).join(', ')}`, member: m.server_name }))],
    { title, ignoreFocusOut: true },
  );
  return pick.member;
}
