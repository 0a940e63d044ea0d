import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { ClientCertificate, RemoteDescription, certificateFingerprint, pinCliRemote } from '../../client';
import { log } from '../../logger';
import { trustServer } from '../../remotes/trust';
import { Command, CommandContext } from '../context';
import { cliRemoteOf } from './_cli';
import { askSecret, probe, resolveRemote } from './_steps';
import { UserError } from '../wrapper';

/**
 * "LXD: Re-trust Remote…": after the server's certificate changed (or this client lost its trust),
 * the token flow again for the same address. The new certificate is pinned only when a token from
 * the server names it, or when the user compared its fingerprint for the LXD trust password.
 */
export const retrustRemote: Command = {
  id: 'lxd.remote.retrust',
  async run(ctx: CommandContext, node?: unknown) {
    const c = await resolveRemote(ctx, node, vscode.l10n.t('Re-trust Remote'));
    if (c.spec.source === 'setting') {
      throw new UserError(
        vscode.l10n.t(
          '"{0}" comes from the lxd.connections setting: put the server\'s new certificate (serverCertificate or serverFingerprint) there.',
          c.name,
        ),
      );
    }
    const title = `Re-trust ${c.name}`;
    const r = ctx.remotes;
    const stored = c.spec.source === 'added' ? r.store.get(c.name) : undefined;
    const cli = stored ? undefined : cliRemoteOf(r, c);
    const url = stored?.url ?? c.spec.address;
    const p = await probe(url);
    const pinnedBefore = stored?.fingerprint ?? pinnedByCli(cli!);
    const secret = await askSecret(p, { title, button: 'Trust and Pin', pinnedBefore });
    const identity = stored ? await r.store.ensureIdentity() : await readIdentity(cli!);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Getting trusted by {0}…', url) },
      () => trustServer({ url, fingerprint: p.certificate.fingerprint, identity, secret }),
    );
    if (stored) {
      await r.store.update(stored.name, { ...stored, fingerprint: p.certificate.fingerprint, server: result.kind });
    } else {
      await pinCliRemote(cli!, p.certificate.pem);
    }
    log().info(
      `Re-trusted "${c.name}" (${url}): server certificate SHA-256 ${p.certificate.fingerprint}, pinned before: ${pinnedBefore ?? 'none'}${result.wasTrusted ? ' (the client was still trusted)' : ''}`,
    );
    await ctx.connections.discover();
    void vscode.window.showInformationMessage(
      vscode.l10n.t('"{0}" is trusted again with the server certificate SHA-256 {1}….', c.name, p.certificate.fingerprint.slice(0, 16)),
    );
  },
};

async function readIdentity(remote: RemoteDescription): Promise<ClientCertificate> {
  if (!remote.tls) {
    throw new UserError(
      vscode.l10n.t(
        '"{0}" has no client certificate to trust: {1}',
        remote.name,
        remote.problems[0] ?? vscode.l10n.t('it is not an HTTPS remote.'),
      ),
    );
  }
  const [cert, key] = await Promise.all([
    fs.promises.readFile(remote.tls.clientCertPath, 'utf8'),
    fs.promises.readFile(remote.tls.clientKeyPath, 'utf8'),
  ]);
  return { cert, key, fingerprint: certificateFingerprint(cert) };
}

/** The fingerprint of the server certificate the CLI pinned for `remote`, when it has one. */
function pinnedByCli(remote: RemoteDescription): string | undefined {
  try {
    return remote.tls?.serverCertPath ? certificateFingerprint(fs.readFileSync(remote.tls.serverCertPath, 'utf8')) : undefined;
  } catch {
    return undefined;
  }
}
