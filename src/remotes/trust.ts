import {
  ClientCertificate,
  Client,
  NotTrustedError,
  PresentedCertificate,
  ServerKind,
  TransportError,
  TrustToken,
  cliName,
  decodeTrustToken,
  fetchServerCertificate,
  generateClientCertificate,
  normalizeFingerprint,
  serverKind,
} from '../client';

/**
 * Adding a remote without the UI: what the server presents, checking a trust token against it,
 * and getting this client trusted over a connection pinned to that certificate. The commands ask
 * the questions; these functions do the work and can be tested against real daemons.
 */

export interface ServerProbe {
  url: string;
  /** What the server presented in the TLS handshake, not trusted yet. */
  certificate: PresentedCertificate;
  kind: ServerKind;
}

/** The server certificate changed (or a token names another one): refused before anything was sent. */
export class CertificateChangedError extends TransportError {
  constructor(init: { message: string; address: string; expected: string; presented: string }) {
    super({ message: init.message, code: 'CERT_PIN_MISMATCH', address: init.address });
    this.expected = init.expected;
    this.presented = init.presented;
  }
  /** SHA-256 of the trusted (or token-named) certificate. */
  readonly expected: string;
  /** SHA-256 of the certificate the server presents now. */
  readonly presented: string;
}

/**
 * Reads the server's certificate and whether it is LXD or Incus. Only `GET /1.0` is sent, with a
 * throwaway client certificate and over a connection pinned to the certificate just read: nothing
 * of the user's goes to a server that is not trusted yet.
 */
export async function probeServer(url: string): Promise<ServerProbe> {
  const certificate = await fetchServerCertificate(url);
  const throwaway = await generateClientCertificate({ commonName: 'lxd-explorer-probe' });
  const client = Client.https({ url, clientCert: throwaway.cert, clientKey: throwaway.key, serverFingerprint: certificate.fingerprint });
  try {
    return { url, certificate, kind: serverKind(await client.serverInfo({ timeoutMs: 10_000 })) };
  } finally {
    await client.close();
  }
}

/** What a user sees of a token before trusting it. */
export interface TokenCheck {
  token: TrustToken;
  /** The certificate the token names is the one the server presented. */
  fingerprint: string;
}

/**
 * Decodes a token and checks it against what the server presented: the pinning step. A token
 * that names another certificate, or that expired, is refused with a sentence that says why.
 */
export function checkToken(text: string, probe: ServerProbe): TokenCheck {
  const token = decodeTrustToken(text);
  const named = normalizeFingerprint(token.fingerprint);
  const expires = token.expires_at && !token.expires_at.startsWith('0001-') ? new Date(token.expires_at) : undefined;
  if (expires && expires.getTime() < Date.now()) {
    throw new TypeError(
      `This trust token expired on ${expires.toISOString()}: on the server, run "${cliName(probe.kind)} config trust add" for a new one.`,
    );
  }
  if (named !== probe.certificate.fingerprint) {
    throw new CertificateChangedError({
      address: probe.url,
      expected: named,
      presented: probe.certificate.fingerprint,
      message:
        `The server at ${probe.url} presented a certificate other than the one the trust token names ` +
        `(token: SHA-256 ${named}; server: SHA-256 ${probe.certificate.fingerprint}). Nothing was sent and nothing was trusted. ` +
        `Check the address (the token was issued for ${token.addresses.join(', ') || 'no address'}); otherwise someone may be intercepting the connection.`,
    });
  }
  return { token, fingerprint: named };
}

export type TrustSecret = { token: string } | { password: string };

export interface TrustResult {
  kind: ServerKind;
  version: string;
  clustered: boolean;
  /** The client certificate was trusted already (a re-trust after the server's certificate changed). */
  wasTrusted: boolean;
  /** The server's projects, for choosing the remote's default one. */
  projects: string[];
}

/**
 * Gets `identity` trusted by the server at `url` with a token or the LXD trust password, over a
 * connection pinned to `fingerprint`, and checks that the server now says so. A client that is
 * trusted already does not spend the token.
 */
export async function trustServer(init: {
  url: string;
  fingerprint: string;
  identity: ClientCertificate;
  secret: TrustSecret;
  name?: string;
}): Promise<TrustResult> {
  const client = Client.https({
    url: init.url,
    clientCert: init.identity.cert,
    clientKey: init.identity.key,
    serverFingerprint: init.fingerprint,
  });
  try {
    const before = await client.serverInfo({ timeoutMs: 10_000 });
    const wasTrusted = before.auth === 'trusted';
    if (!wasTrusted) {
      await client.certificates.trustMe(init.secret, { name: init.name });
    }
    const info = await client.serverInfo({ refresh: true });
    if (info.auth !== 'trusted') {
      throw new NotTrustedError({
        message: `The server at ${init.url} accepted the request but still does not trust this client: ask its administrator to check its trust list ("${cliName(serverKind(info))} config trust list").`,
        lxdMessage: 'untrusted',
        clientFingerprint: init.identity.fingerprint,
      });
    }
    const projects = await client.projects.list().then(
      (ps) => ps.map((p) => p.name ?? '').filter(Boolean),
      () => ['default'],
    );
    return {
      kind: serverKind(info),
      version: info.environment?.server_version ?? '',
      clustered: !!info.environment?.server_clustered,
      wasTrusted,
      projects,
    };
  } finally {
    await client.close();
  }
}

/**
 * Checks, with a handshake only, that the server still presents the pinned certificate; throws a
 * CertificateChangedError naming both fingerprints and the way to re-trust otherwise.
 */
export async function checkPinned(init: { name: string; url: string; fingerprint: string }): Promise<void> {
  const expected = normalizeFingerprint(init.fingerprint);
  const presented = (await fetchServerCertificate(init.url)).fingerprint;
  if (presented !== expected) {
    throw certificateChanged({ ...init, expected, presented });
  }
}

export function certificateChanged(init: { name: string; url: string; expected: string; presented: string }): CertificateChangedError {
  return new CertificateChangedError({
    address: init.url,
    expected: init.expected,
    presented: init.presented,
    message:
      `The certificate of "${init.name}" (${init.url}) changed: trusted SHA-256 ${init.expected}, now SHA-256 ${init.presented}. ` +
      `It was refused and nothing was sent. If the server's certificate was replaced on purpose, run "LXD: Re-trust Remote…" ` +
      `with a new trust token from the server; otherwise someone may be intercepting the connection.`,
  });
}

/** `AB:CD:…`, as the CLIs print fingerprints. */
export function colonHex(fp: string): string {
  return (fp.match(/../g) ?? []).join(':').toUpperCase();
}

/**
 * The fingerprint a server presents, as a trust prompt shows it; for Re-trust, next to the one
 * pinned until now, so the user sees what changed before anything is trusted.
 */
export function fingerprintLines(presented: string, pinnedBefore?: string): string {
  const now = `SHA-256 ${colonHex(presented)}`;
  if (!pinnedBefore) {
    return now;
  }
  const before = normalizeFingerprint(pinnedBefore);
  return before === presented
    ? `${now} (the one pinned until now)`
    : `New:               ${now}\nPinned until now:  SHA-256 ${colonHex(before)}`;
}
