import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ClientCertificate,
  CliConfigDir,
  ServerKind,
  addRemote as addCliRemote,
  cliConfigDirs,
  ensureClientCertificate,
} from '../../client';
import { cliName, productName } from '../../connections/serverKind';
import { log } from '../../logger';
import { isAddress, readAddressOrToken, suggestRemoteName } from '../../remotes/address';
import { Remotes } from '../../remotes';
import { ServerProbe, TrustResult, TrustSecret, trustServer } from '../../remotes/trust';
import { Command, CommandContext } from '../context';
import { askPick, cancelled } from '../targets';
import { askName, askSecret, probe } from './_steps';

const TITLE = vscode.l10n.t('Add Remote');

/**
 * "LXD: Add Remote…": the address (or a pasted token), the trust token or LXD trust password with
 * the server certificate confirmed and pinned, a name, where the key is kept, the default project.
 * The client is trusted before anything is saved, so a refused token leaves nothing behind.
 */
export const addRemote: Command = {
  id: 'lxd.remote.add',
  async run(ctx: CommandContext) {
    const { url, pastedToken } = await askAddress();
    const p = await probe(url);
    const secret = await askSecret(p, { title: TITLE, button: 'Trust and Add', pastedToken });
    const taken = takenNames(ctx.remotes);
    const name = await askName(TITLE, suggestRemoteName(new URL(url).hostname.replace(/^\[|\]$/g, ''), taken), taken);
    const storage = await askStorage(p.kind);
    const identity = storage === 'vscode' ? await ctx.remotes.store.ensureIdentity() : await cliIdentity(storage);
    const trusted = await trustWithProgress(p, identity, secret);
    const project = await askProject(trusted.projects);
    if (storage === 'vscode') {
      await ctx.remotes.store.add({
        name,
        url,
        fingerprint: p.certificate.fingerprint,
        project,
        server: trusted.kind,
        addedAt: new Date().toISOString(),
      });
    } else {
      await addCliRemote(storage.dir, { cli: storage.cli, name, address: url, serverCertificate: p.certificate.pem, project });
    }
    await ctx.connections.discover();
    const where = storage === 'vscode' ? 'kept by VS Code' : `in ${path.join(storage.dir, 'config.yml')}`;
    log().info(
      `Added remote "${name}" (${url}, ${where}), server certificate SHA-256 ${p.certificate.fingerprint}, client certificate SHA-256 ${identity.fingerprint}`,
    );
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Added remote "{0}": {1} {2} at {3}{4}, {5}.',
        name,
        productName(trusted.kind),
        trusted.version,
        url,
        trusted.clustered ? vscode.l10n.t(' (cluster)') : '',
        where,
      ),
    );
  },
};

/** The address, or a whole token pasted instead (as `lxc remote add <name> <token>` takes it). */
async function askAddress(): Promise<{ url: string; pastedToken?: string }> {
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0}: address', TITLE),
    prompt: vscode.l10n.t('The server address (port 8443 when none is given), or a trust token'),
    placeHolder: 'https://server.example:8443',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const read = readAddressOrToken(v);
      return isAddress(read) ? undefined : read.problem;
    },
  });
  if (!text) {
    cancelled();
  }
  const read = readAddressOrToken(text);
  if (!isAddress(read)) {
    return cancelled();
  }
  return { url: read.url, pastedToken: read.token ? text.trim() : undefined };
}

function takenNames(r: Remotes): string[] {
  return [...r.store.list().map((s) => s.name), ...r.cli.remotes.flatMap((d) => d.remotes.map((x) => x.name))];
}

/** VS Code's secret storage, or the CLI's directory (shared with `lxc` / `incus`). */
async function askStorage(kind: ServerKind): Promise<'vscode' | CliConfigDir> {
  const dir = cliDirFor(kind);
  const home = os.homedir();
  const shown = dir.dir.startsWith(`${home}/`) ? `~${dir.dir.slice(home.length)}` : dir.dir;
  const web = vscode.env.uiKind === vscode.UIKind.Web;
  const pick = await askPick(
    [
      {
        label: '$(lock) Keep the key in VS Code',
        description: 'secret storage',
        detail: `Only LXD Explorer uses this remote; its private key stays in VS Code's secret storage${web ? ' (in a browser-based VS Code maybe only until the page reloads)' : ''}.`,
        storage: 'vscode' as const,
      },
      {
        label: `$(terminal) Share with the ${dir.cli} CLI`,
        description: shown,
        detail: `Writes the remote as "${dir.cli} remote add" would: the key in ${shown}/client.key (mode 0600), usable by ${dir.cli} too.`,
        storage: dir,
      },
    ],
    { title: vscode.l10n.t('{0}: where to keep the client key', TITLE), ignoreFocusOut: true },
  );
  return pick.storage;
}

function cliDirFor(kind: ServerKind): CliConfigDir {
  const dirs = cliConfigDirs().filter((d) => d.cli === cliName(kind));
  return dirs.find((d) => fs.existsSync(path.join(d.dir, 'config.yml'))) ?? dirs[0];
}

/** The CLI's own client certificate, made as the CLI would make it when there is none yet. */
async function cliIdentity(dir: CliConfigDir): Promise<ClientCertificate> {
  await fs.promises.mkdir(dir.dir, { recursive: true, mode: 0o750 });
  return (await ensureClientCertificate(dir.dir, dir.cli)).certificate;
}

function trustWithProgress(p: ServerProbe, identity: ClientCertificate, secret: TrustSecret): Thenable<TrustResult> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Getting trusted by {0}…', p.url) },
    () =>
      trustServer({
        url: p.url,
        fingerprint: p.certificate.fingerprint,
        identity,
        secret,
        name: 'password' in secret ? `lxd-explorer@${os.hostname()}` : undefined,
      }),
  );
}

/** The project the remote opens in; Escape keeps `default`. */
async function askProject(projects: string[]): Promise<string | undefined> {
  if (projects.length <= 1) {
    return undefined;
  }
  const sorted = [...projects].sort((a, b) => Number(b === 'default') - Number(a === 'default') || a.localeCompare(b));
  const pick = await vscode.window.showQuickPick(sorted, {
    title: vscode.l10n.t('{0}: project to open', TITLE),
    placeHolder: vscode.l10n.t('The project the remote opens in (you can switch later)'),
    ignoreFocusOut: true,
  });
  return pick && pick !== 'default' ? pick : undefined;
}
