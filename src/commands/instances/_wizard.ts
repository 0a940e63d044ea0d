import { instanceNameProblem } from '../../client';
import { Connection } from '../../connections/connection';
import { ImageSource } from '../../imageServers/sources';
import { CommandContext } from '../context';
import { askPick, askText } from '../targets';
import { ChosenImage, pickImage } from './_imagePick';
import { launchInstance } from './_launch';

export interface CreateDefaults {
  /** Preselects an image ("Launch Instance from Image", "Launch Instance…" on an image server's image). */
  image?: ChosenImage;
  /** Offers only this image server's images ("Search Images…" on an image server). */
  source?: ImageSource;
}

/**
 * The create wizard on one server: image (the server's own, and every image server's; container or
 * VM follows the image), name (validated as LXD validates it), profiles, cluster member when
 * clustered, start now. Then the server creates it, downloading the image where it has to, with
 * progress; cancelling cancels where LXD allows it.
 */
export async function runWizard(ctx: CommandContext, c: Connection, defaults: CreateDefaults): Promise<void> {
  const project = c.defaultProject;
  const api = c.api(project);
  const title = (step: string): string => `Create Instance on ${c.name} (${project}): ${step}`;
  const [profiles, names, info] = await Promise.all([api.profiles.list(), api.instances.names(), api.serverInfo()]);
  const architecture = info.environment?.architectures?.[0];
  const kind = c.server?.kind;
  const image =
    defaults.image ??
    (await pickImage(ctx.remotes.images, c, { title: title('image'), project, architecture, kind, only: defaults.source }));
  const name = await askText({
    title: title('name'),
    prompt: 'Instance name: letters, digits and hyphens, starting with a letter',
    placeHolder: 'e.g. web-1',
    validateInput: (v) =>
      instanceNameProblem(v, kind) ?? (names.includes(v) ? `An instance named "${v}" already exists in project ${project}.` : undefined),
  });
  const chosenProfiles = await pickProfiles(
    profiles.map((p) => p.name ?? ''),
    title('profiles'),
  );
  const target = c.server?.clustered ? await pickMember(c, title('cluster member')) : undefined;
  const start = await askPick(
    [
      { label: 'Start now', description: 'create and start the instance', start: true },
      { label: 'Create only', description: 'leave it stopped', start: false },
    ],
    { title: title('start'), ignoreFocusOut: true },
  );
  await launchInstance(c, { name, project, image, profiles: chosenProfiles, target, start: start.start, kind, architecture });
}

async function pickProfiles(all: string[], title: string): Promise<string[]> {
  if (all.length <= 1) {
    return all;
  }
  const picks = await askPick(
    all.map((p) => ({ label: p, picked: p === 'default' })),
    { title, canPickMany: true, placeHolder: 'Profiles applied in this order (default is preselected)', ignoreFocusOut: true },
  );
  return picks.map((p) => p.label);
}

async function pickMember(c: Connection, title: string): Promise<string | undefined> {
  const members = await c.api().cluster.members();
  if (members.length <= 1) {
    return undefined;
  }
  const pick = await askPick(
    [
      { label: '$(sparkle) Automatic', description: 'let the cluster choose', member: undefined as string | undefined },
      ...members.map((m) => ({
        label: m.server_name ?? '',
        description: `${m.status ?? ''} · ${(m.roles ?? []).join(', ')}`,
        member: m.server_name,
      })),
    ],
    { title, ignoreFocusOut: true },
  );
  return pick.member;
}
