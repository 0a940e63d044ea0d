import * as vscode from 'vscode';
import type { Image } from '../../generated';
import type { ImageServer, RemoteImage, ServerKind } from '../../client';
import { Connection } from '../../connections/connection';
import {
  ImageFacts,
  compareImages,
  imageDescription,
  imageDetail,
  imageLabel,
  localFacts,
  remoteFacts,
  sameImage,
  visibleImages,
} from '../../imageServers/choices';
import { ImageServers } from '../../imageServers/registry';
import { ImageSource } from '../../imageServers/sources';
import { describeError } from '../../views/format';
import { cancelled } from '../targets';

/** The image an instance is made from: one the server has, or one an image server offers. */
export type ChosenImage =
  { from: 'local'; image: Image } | { from: 'server'; source: ImageSource; server: ImageServer; image: RemoteImage };

interface Entry extends ImageFacts {
  choice: ChosenImage;
}

/** A list: the server's own images, or one image server's; loading until `entries` or `error` is set. */
interface Group {
  name: string;
  title: string;
  entries?: Entry[];
  error?: unknown;
}

type Item = vscode.QuickPickItem & { choice?: ChosenImage; toggle?: true };

export interface ImagePickOptions {
  title: string;
  project: string;
  /** The server's own architecture (`environment.architectures[0]`): the others are hidden until asked for. */
  architecture?: string;
  kind?: ServerKind;
  /** Offer only this image server's images (and none of the server's own). */
  only?: ImageSource;
}

/**
 * One quick pick over the server's images and every image server's, which fills as each answers:
 * one that fails or cannot be reached shows its error as a row and holds up no other. Search goes
 * by every word typed (OS, release, variant, architecture, container or VM); images for other
 * architectures than the server's are behind a row that shows them.
 */
export async function pickImage(images: ImageServers, c: Connection, o: ImagePickOptions): Promise<ChosenImage> {
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = o.title;
  qp.placeholder = vscode.l10n.t('Search by OS, release, variant, architecture, container or VM (e.g. "debian 12 cloud")');
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.ignoreFocusOut = true;
  qp.busy = true;
  const groups: Group[] = [];
  let allArchitectures = false;
  const render = (): void => {
    qp.items = items(groups, qp.value, { architecture: o.architecture, allArchitectures });
    qp.busy = groups.some((g) => !g.entries && g.error === undefined);
  };
  const load = (group: Group, list: () => Promise<Entry[]>): void => {
    groups.push(group);
    list()
      .then(
        (entries) => (group.entries = entries.sort(compareImages)),
        (e: unknown) => (group.error = e),
      )
      .finally(render);
  };
  if (!o.only) {
    load({ name: c.name, title: vscode.l10n.t('on {0} ({1})', c.name, o.project) }, async () =>
      (await c.api(o.project).images.list()).map((image) => ({ ...localFacts(image), choice: { from: 'local', image } })),
    );
  }
  const sources = o.only ? [o.only] : await images.sources().catch(() => []);
  for (const source of sources) {
    load({ name: `${source.name}:`, title: `${source.name}:` }, async () => {
      const server = source.server;
      const list = await images.images(source, { flavour: o.kind });
      // A simplestreams server's older builds have no alias: what `launch images:…` takes is the newest.
      return list
        .filter((i) => server?.protocol !== 'simplestreams' || i.aliases.length > 0)
        .map((image) => ({ ...remoteFacts(image, source.name), choice: { from: 'server', source, server: server!, image } }));
    });
  }
  render();
  qp.onDidChangeValue(render);
  qp.show();
  const picked = await new Promise<Item | undefined>((resolve) => {
    qp.onDidAccept(() => {
      const [item] = qp.activeItems;
      if (item?.toggle) {
        allArchitectures = !allArchitectures;
        render();
      } else if (item?.choice) {
        resolve(item);
      }
    });
    qp.onDidHide(() => resolve(undefined));
  });
  qp.dispose();
  return picked?.choice ?? cancelled();
}

/** The rows for what is loaded and typed: per list a separator and its matches, its error, or that it is loading. */
function items(groups: Group[], query: string, arch: { architecture?: string; allArchitectures: boolean }): Item[] {
  const out: Item[] = [];
  // Below the images: the lists still loading, and those that could not be read.
  const notes: Item[] = [];
  let hidden = 0;
  for (const g of groups) {
    if (g.error !== undefined) {
      notes.push({ label: `$(error) ${g.name} ${describeError(g.error)}`, alwaysShow: true });
      continue;
    }
    if (!g.entries) {
      notes.push({ label: `$(loading~spin) ${g.name} reading its images…`, alwaysShow: true });
      continue;
    }
    const { shown, otherArchitectures } = visibleImages(g.entries, { query, ...arch });
    hidden += otherArchitectures;
    if (shown.length) {
      out.push({ label: g.title, kind: vscode.QuickPickItemKind.Separator }, ...shown.map(item));
    }
  }
  if (!out.length && !notes.some((n) => n.label.startsWith('$(loading'))) {
    out.push({ label: query ? `No image matches "${query}"` : 'No images', alwaysShow: true });
  }
  if (hidden > 0 || arch.allArchitectures) {
    out.push({
      label: arch.allArchitectures
        ? `$(eye-closed) Show only ${arch.architecture} images`
        : `$(eye) Show ${hidden} image${hidden === 1 ? '' : 's'} for other architectures`,
      description: arch.allArchitectures ? '' : vscode.l10n.t('this server runs {0}', String(arch.architecture)),
      alwaysShow: true,
      toggle: true,
    });
  }
  if (notes.length) {
    out.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, ...notes);
  }
  return out;
}

function item(e: Entry): Item {
  return {
    label: imageLabel(e),
    description: imageDescription(e),
    detail: imageDetail(e),
    iconPath: new vscode.ThemeIcon(e.type === 'virtual-machine' ? 'vm' : 'package'),
    alwaysShow: true,
    choice: e.choice,
  };
}

/**
 * An image server's image as the daemon of `kind` will download it: a simplestreams build's
 * fingerprint depends on the metadata the daemon reads, so the image is looked up again for it.
 */
export async function chosenForServer(
  images: ImageServers,
  source: ImageSource,
  image: RemoteImage,
  kind?: ServerKind,
): Promise<ChosenImage> {
  const forDaemon =
    (await images.images(source, { flavour: kind })).find((i) => sameImage(remoteFacts(i, ''), remoteFacts(image, ''))) ?? image;
  return { from: 'server', source, server: source.server!, image: forDaemon };
}
