import type { Certificate, CertificatePut, CertificatesPost } from '../../generated';
import { TrustToken, certificateFingerprint, derFromPem, encodeTrustToken } from '../certificates';
import { ApiError, NotTrustedError } from '../errors';
import { CallOptions } from '../request';
import { cliName } from '../serverKind';
import { ApiGroup, callOpts } from './base';
import { ServerKind } from './server';

export interface IssuedToken {
  /** The string to hand to the new client (`lxc remote add <name> <token>`). */
  token: string;
  /** The token operation: cancelling it revokes the token. */
  operationId: string;
  decoded: TrustToken;
}

/** `/1.0/certificates`: the clients this server trusts. */
export class CertificatesApi extends ApiGroup {
  list(opts?: CallOptions): Promise<Certificate[]> {
    return this.fetchList('GET /1.0/certificates', { recursion: 1, ...callOpts(opts) });
  }

  get(fingerprint: string, opts?: CallOptions): Promise<Certificate> {
    return this.sync('GET /1.0/certificates/{fingerprint}', { path: { fingerprint }, ...callOpts(opts) });
  }

  /** Trusts a certificate (PEM) directly; only a trusted client may do this. */
  async add(
    init: { name: string; certificate: string; type?: 'client' | 'metrics'; restricted?: boolean; projects?: string[] },
    opts?: CallOptions,
  ): Promise<string> {
    const der = certificateDer(init.certificate);
    const body: CertificatesPost = {
      name: init.name,
      type: init.type ?? 'client',
      certificate: der.toString('base64'),
      restricted: init.restricted ?? false,
      projects: init.projects ?? [],
    };
    await this.sync('POST /1.0/certificates', { body, ...callOpts(opts) });
    return certificateFingerprint(der);
  }

  /**
   * Issues a trust token for a new client, like `lxc config trust add`. LXD 5.0 needs
   * `core.https_address` set, or it refuses ("Can't issue token when server isn't listening on network").
   */
  async issueToken(name: string, opts?: CallOptions & { projects?: string[] }): Promise<IssuedToken> {
    const body: CertificatesPost = {
      name,
      type: 'client',
      token: true,
      restricted: !!opts?.projects?.length,
      projects: opts?.projects ?? [],
    };
    const op = await this.operation('POST /1.0/certificates', { body, ...callOpts(opts) });
    const md = (op.initial.metadata ?? {}) as {
      secret?: string;
      fingerprint?: string;
      addresses?: string[];
      expiresAt?: string;
      expires_at?: string;
    };
    const decoded: TrustToken = {
      client_name: name,
      fingerprint: md.fingerprint ?? '',
      addresses: md.addresses ?? [],
      secret: md.secret ?? '',
      expires_at: md.expiresAt ?? md.expires_at ?? '0001-01-01T00:00:00Z',
    };
    return { token: encodeTrustToken(decoded), operationId: op.id, decoded };
  }

  /**
   * Trusts the calling client (its TLS certificate) with a trust token or, on LXD servers that
   * still have one (`core.trust_password`), the trust password. The field depends on the server:
   * LXD 5.0 reads tokens from `password`; LXD with `explicit_trust_token` and Incus read
   * `trust_token`. Incus has no trust password at all: asking for it fails before anything is sent.
   * A refused token or password is a NotTrustedError that says why.
   */
  async trustMe(secret: { token: string } | { password: string }, opts?: CallOptions & { name?: string }): Promise<void> {
    const kind = await this.ctx.kind(opts);
    const explicit = kind === 'incus' || (await this.ctx.hasExtension('explicit_trust_token', opts));
    if ('password' in secret && kind === 'incus') {
      throw new TypeError('Incus has no trust password: on the server, run "incus config trust add" and use the token it prints.');
    }
    const body: CertificatesPost = { type: 'client' };
    if (opts?.name) {
      body.name = opts.name;
    }
    if ('token' in secret) {
      body[explicit ? 'trust_token' : 'password'] = secret.token.trim();
    } else {
      body.password = secret.password;
    }
    try {
      // 201 with a sync body on the servers seen; `apply` also waits should one answer with an operation.
      await this.apply('POST /1.0/certificates', { body, ...callOpts(opts) });
    } catch (e) {
      throw e instanceof ApiError && e.status === 403 ? refused(e, 'token' in secret, kind) : e;
    }
  }

  /** Revokes an unused trust token (`lxc config trust revoke-token`): cancels its operation. */
  async revokeToken(operationId: string, opts?: CallOptions): Promise<void> {
    await this.sync('DELETE /1.0/operations/{id}', { path: { id: operationId }, ...callOpts(opts) });
  }

  update(fingerprint: string, put: CertificatePut, opts?: CallOptions & { etag?: string }): Promise<void> {
    return this.apply('PUT /1.0/certificates/{fingerprint}', { path: { fingerprint }, body: put, etag: opts?.etag, ...callOpts(opts) });
  }

  async delete(fingerprint: string, opts?: CallOptions): Promise<void> {
    await this.sync('DELETE /1.0/certificates/{fingerprint}', { path: { fingerprint }, ...callOpts(opts) });
  }
}

function refused(e: ApiError, token: boolean, kind: ServerKind): NotTrustedError {
  const cli = cliName(kind);
  const message = token
    ? `The server refused the trust token (${e.lxdMessage}). A token works once, and not after it was revoked or expired: ` +
      `on the server, run "${cli} config trust add" for a new one.`
    : `The server refused the trust password (${e.lxdMessage}). Check the password, or use a token: on the server, run "${cli} config trust add".`;
  return new NotTrustedError({
    message,
    lxdMessage: e.lxdMessage,
    context: e.context,
    clientFingerprint: e instanceof NotTrustedError ? e.clientFingerprint : '',
  });
}

/** The DER bytes of a PEM certificate, or of a certificate given as base64 DER. */
function certificateDer(pem: string): Buffer {
  try {
    return derFromPem(pem);
  } catch {
    return Buffer.from(pem, 'base64');
  }
}
