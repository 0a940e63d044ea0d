import * as crypto from 'node:crypto';
import * as os from 'node:os';

/** SHA-256 of a certificate's DER bytes, lower-case hex: what LXD calls the certificate fingerprint. */
export function certificateFingerprint(cert: string | Buffer): string {
  const der = typeof cert === 'string' ? derFromPem(cert) : cert;
  return crypto.createHash('sha256').update(der).digest('hex');
}

/** Accepts `AA:BB:…`, `aabb…` or with spaces; returns lower-case hex without separators. */
export function normalizeFingerprint(fp: string): string {
  return fp.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
}

export function derFromPem(pem: string): Buffer {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  if (!m) {
    throw new TypeError('Not a PEM certificate');
  }
  return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
}

export function pemFromDer(der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

export interface ClientCertificate {
  /** PEM certificate. */
  cert: string;
  /** PEM private key (SEC1 `EC PRIVATE KEY`, as the `lxc` CLI writes it). */
  key: string;
  fingerprint: string;
}

export interface ClientCertificateOptions {
  /** Default `<user>@<host>`, as the CLIs write it. */
  commonName?: string;
  /** `linuxcontainers.org` (what `lxc` writes; the default) or `Linux Containers` (what `incus` writes). */
  organization?: string;
}

/**
 * Generates a client certificate like `lxc` and `incus` do on first use: ECDSA P-384 signed with
 * SHA-384, self-signed, `O=<organization>, CN=<user>@<host>`, digital signature and key
 * encipherment, client-auth usage, not a CA, valid ten years.
 */
export async function generateClientCertificate(opts: ClientCertificateOptions = {}): Promise<ClientCertificate> {
  // @peculiar/x509 resolves its parsers through tsyringe, which needs the Reflect metadata polyfill.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a side-effect import, loaded only here, on first use
  require('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  const webcrypto = crypto.webcrypto;
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as crypto.webcrypto.CryptoKeyPair;
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: crypto.randomBytes(16).toString('hex').replace(/^[89a-f]/, '1'),
    name: `O=${escapeDn(opts.organization ?? 'linuxcontainers.org')}, CN=${escapeDn(opts.commonName ?? defaultCommonName())}`,
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    keys,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
      new x509.BasicConstraintsExtension(false, undefined, true),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'sec1' });
  const pem = cert.toString('pem') + '\n';
  return { cert: pem, key: String(key), fingerprint: certificateFingerprint(pem) };
}

function defaultCommonName(): string {
  let user = 'user';
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (containers): keep the generic name.
  }
  return `${user}@${os.hostname()}`;
}

function escapeDn(v: string): string {
  return v.replace(/([,+"\\<>;=])/g, '\\$1');
}

/** What a trust token carries (LXD and Incus build it the same way: base64 of this JSON). */
export interface TrustToken {
  client_name: string;
  fingerprint: string;
  addresses: string[];
  secret: string;
  expires_at?: string;
  /** LXD 6+ tokens for `/1.0/auth/identities/tls`. */
  type?: string;
}

/** Decodes a trust token; throws a TypeError naming what is wrong with it. */
export function decodeTrustToken(token: string): TrustToken {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(token.trim(), 'base64').toString('utf8'));
  } catch {
    throw new TypeError('This is not a trust token: it does not decode to JSON. Copy the whole token printed by "lxc config trust add".');
  }
  const t = json as Partial<TrustToken>;
  if (typeof t?.secret !== 'string' || typeof t.fingerprint !== 'string' || !Array.isArray(t.addresses)) {
    throw new TypeError('This is not a trust token: it lacks the secret, fingerprint or addresses.');
  }
  return { client_name: t.client_name ?? '', fingerprint: t.fingerprint, addresses: t.addresses, secret: t.secret, expires_at: t.expires_at, type: t.type };
}

export function encodeTrustToken(t: TrustToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64');
}
