import * as vscode from 'vscode';
import { Connection } from '../../connections/connection';
import { cliName } from '../../connections/serverKind';
import { remoteNameProblem } from '../../remotes/address';
import { ServerProbe, TrustSecret, checkToken, fingerprintLines, probeServer } from '../../remotes/trust';
import { CommandContext } from '../context';
import { askPick, cancelled } from '../targets';
import { UserError } from '../wrapper';

/** The questions "Add Remote…" and "Re-trust Remote…" share: how to get trusted, and the pin. */

/** Reads the server's certificate and kind, with progress: nothing is trusted yet. */
export function probe(url: string): Thenable<ServerProbe> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Contacting {0}…', url) }, () =>
    probeServer(url),
  );
}

/**
 * Asks for a trust token (or, on LXD, the trust password), shows what will be pinned (next to what
 * was pinned before, for Re-trust: `pinnedBefore`) and asks to confirm it with `button`.
 * `pastedToken` skips the question when the user gave the token already.
 */
export async function askSecret(
  p: ServerProbe,
  opts: { title: string; button: string; pastedToken?: string; pinnedBefore?: string },
): Promise<TrustSecret> {
  const { title, pastedToken } = opts;
  const method = pastedToken ? 'token' : await askMethod(p, title);
  if (method === 'token') {
    const text = pastedToken ?? (await askToken(p, title));
    const check = checkToken(text, p);
    await confirm(
      vscode.l10n.t('Trust the server at {0}?', p.url),
      `The trust token was issued for the client "${check.token.client_name}" by the server listening on ${check.token.addresses.join(', ') || '(no address)'}, ` +
        `whose certificate is\n\n${fingerprintLines(check.fingerprint, opts.pinnedBefore)}\n\nThe server at ${p.url} presented exactly this certificate: it will be pinned, ` +
        `and a server presenting any other one will be refused.`,
      opts.button,
    );
    return { token: text.trim() };
  }
  const c = p.certificate;
  await confirm(
    vscode.l10n.t('Trust this certificate of {0}?', p.url),
    `Nothing vouches for it yet: compare its fingerprint with the one the server shows ("lxc info" on the server, certificate fingerprint) before trusting it.\n\n` +
      `${fingerprintLines(c.fingerprint, opts.pinnedBefore)}\n\nSubject: ${c.subject || '(none)'}\nValid until: ${c.validTo}`,
    vscode.l10n.t('Trust Certificate'),
  );
  const password = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0}: trust password', title),
    prompt: vscode.l10n.t('The trust password of {0} (core.trust_password)', p.url),
    password: true,
    ignoreFocusOut: true,
  });
  return password ? { password } : cancelled();
}

async function askMethod(p: ServerProbe, title: string): Promise<'token' | 'password'> {
  if (p.kind === 'incus') {
    // Incus has no trust password.
    return 'token';
  }
  const pick = await askPick(
    [
      {
        label: '$(key) Trust token',
        description: 'recommended',
        detail: 'On the server: lxc config trust add. The token also proves the server certificate.',
        method: 'token' as const,
      },
      {
        label: '$(lock) Trust password',
        description: 'LXD 5.0 with core.trust_password',
        detail: 'You check the server certificate fingerprint yourself.',
        method: 'password' as const,
      },
    ],
    { title: vscode.l10n.t('{0}: how does the server trust you?', title), ignoreFocusOut: true },
  );
  return pick.method;
}

async function askToken(p: ServerProbe, title: string): Promise<string> {
  const cli = cliName(p.kind);
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0}: trust token', title),
    prompt: vscode.l10n.t('Paste the token that "{0} config trust add" printed on the server', cli),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!v.trim()) {
        return undefined;
      }
      try {
        checkToken(v, p);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  return text?.trim() || cancelled();
}

/** A modal that names what will happen; anything but the button cancels. */
export async function confirm(message: string, detail: string, button: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, button);
  if (choice !== button) {
    cancelled();
  }
}

export async function askName(title: string, value: string, taken: string[]): Promise<string> {
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0}: name', title),
    prompt: vscode.l10n.t('The name of the remote, as the CLIs write it (lxc list <name>:)'),
    value,
    ignoreFocusOut: true,
    validateInput: (v) => remoteNameProblem(v.trim(), taken),
  });
  return name?.trim() || cancelled();
}

/** The remote connection a command acts on: the clicked server, an id, or a picker. */
export async function resolveRemote(ctx: CommandContext, arg: unknown, title: string): Promise<Connection> {
  const byNode = (arg as { connection?: unknown } | undefined)?.connection;
  const c = byNode instanceof Connection ? byNode : typeof arg === 'string' ? ctx.connections.get(arg) : undefined;
  if (c) {
    return c;
  }
  const candidates = ctx.connections.all.filter((x) => x.spec.source !== 'local');
  if (!candidates.length) {
    throw new UserError(vscode.l10n.t('There is no remote yet: add one with "LXD: Add Remote…".'));
  }
  const pick = await askPick(
    candidates.map((x) => ({ label: x.name, description: `${x.spec.address} · ${sourceLabel(x)}`, connection: x })),
    { title, ignoreFocusOut: true },
  );
  return pick.connection;
}

export function sourceLabel(c: Connection): string {
  switch (c.spec.source) {
    case 'added':
      return 'added in VS Code';
    case 'setting':
      return 'lxd.connections setting';
    case 'lxc':
    case 'incus':
      return `${c.spec.source} CLI remote`;
    default:
      return 'local';
  }
}
