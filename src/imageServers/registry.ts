import * as vscode from 'vscode';
import { ImageServerCatalogue, RemoteImage, ServerKind, proxyFromEnv } from '../client';
import type { CliImageServer } from '../remotes/specs';
import { onDidChangeSettings, settings } from '../settings';
import { DeclaredImageServer, ImageSource, imageSources } from './sources';

/**
 * The image servers of the extension and the one catalogue of their images: each server is read
 * once and shared by the create wizard and the Image Servers view, for a while (the catalogue's
 * time to live), through `http.proxy` or else the environment's proxy.
 */
export class ImageServers implements vscode.Disposable {
  readonly catalogue = new ImageServerCatalogue({ proxy: () => settings().proxy ?? proxyFromEnv() });
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  /** The declarations changed (a setting, the CLIs' configuration). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly cli: () => CliImageServer[]) {
    this.subscription = onDidChangeSettings((_s, e) => {
      if (e.affectsConfiguration('lxd.imageServers') || e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.noProxy')) {
        this.catalogue.forget();
        this.changed.fire();
      }
    });
  }

  /** What is declared, the setting's servers first. */
  declared(): DeclaredImageServer[] {
    const fromSetting = settings().imageServers.map((s): DeclaredImageServer => ({
      name: s.name,
      origin: 'lxd.imageServers',
      url: s.url,
      protocol: s.protocol ?? 'simplestreams',
      certificatePath: s.certificate,
      project: s.project,
    }));
    const fromCli = this.cli().map((s): DeclaredImageServer => ({
      name: s.name,
      origin: s.cli,
      url: s.url,
      protocol: s.protocol,
      certificatePath: s.certificatePath,
      project: s.project,
      definedIn: s.definedIn,
    }));
    return [...fromSetting, ...fromCli];
  }

  sources(): Promise<ImageSource[]> {
    return imageSources(this.declared());
  }

  /** The images of one source, as the daemon of `flavour` will see them. */
  images(source: ImageSource, opts: { flavour?: ServerKind; signal?: AbortSignal } = {}): Promise<RemoteImage[]> {
    if (!source.server) {
      return Promise.reject(new Error(source.problem ?? `${source.name}: cannot be read.`));
    }
    return this.catalogue.list(source.server, opts);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
