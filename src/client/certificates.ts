import * as crypto from 'node:crypto';
import * as os from 'node:os';
import * as der from './der';

/** SHA-256 of a certificate's DER bytes, lower-case hex: what LXD calls the certificate fingerprint. */
export function certificateFingerprint(cert: string | Buffer): string {
  const der = typeof cert === 'string' ? derFromPem(cert) : cert;
  return crypto.createHash('sha256').update(der).digest('hex');
}

/** Accepts `AA:BB:…`, `aabb…` or with spaces; returns lower-case hex without separators. */
export function normalizeFingerprint(fp: string): string {
  return fp.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
}

/**
 * A SHA-256 fingerprint as a user or a token gives it: 64 hex digits in either case, bare
 * (`lxc config trust list`) or in pairs separated by colons or spaces (`AB:CD:…`, as the CLIs and
 * browsers print them); returned as lower-case hex. Anything else (another length, a character
 * that is no hex digit, a SHA-1) is refused with a TypeError that says what is wrong, never
 * quietly stripped into something else.
 */
export function parseFingerprint(text: string): string {
  const t = text.trim();
  const bad = /[^0-9a-fA-F: ]/.exec(t);
  if (bad) {
    throw new TypeError(`Not a SHA-256 fingerprint: ${JSON.stringify(text)} holds ${JSON.stringify(bad[0])}, which is not a hex digit.`);
  }
  const hex = t.replace(/[: ]/g, '').toLowerCase();
  if (hex.length !== 64) {
    throw new TypeError(`Not a SHA-256 fingerprint: ${JSON.stringify(text)} has ${hex.length} hex digits, a SHA-256 has 64.`);
  }
  if (/[: ]/.test(t) && !/^[0-9a-fA-F]{2}([: ][0-9a-fA-F]{2}){31}$/.test(t)) {
    throw new TypeError(`Not a SHA-256 fingerprint: ${JSON.stringify(text)} separates its digits other than in pairs (AB:CD:…).`);
  }
  return hex;
}

export function derFromPem(pem: string): Buffer {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  if (!m) {
    throw new TypeError('Not a PEM certificate');
  }
  return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
}

export function pemFromDer(der: Buffer): string {
  const b64 = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
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

const OID = {
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  organization: '2.5.4.10',
  commonName: '2.5.4.3',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/**
 * Generates a client certificate like `lxc` and `incus` do on first use: ECDSA P-384 signed with
 * SHA-384, self-signed, `O=<organization>, CN=<user>@<host>`, digital signature and key
 * encipherment (critical), client-auth usage, not a CA (critical), valid ten years. Node has no
 * X.509 builder: the certificate is written in DER here, for exactly this shape, and signed by
 * Node's crypto.
 */
export async function generateClientCertificate(opts: ClientCertificateOptions = {}): Promise<ClientCertificate> {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const serial = crypto.randomBytes(16);
  serial[0] = serial[0] & 0x7f || 1;
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const algorithm = der.sequence(der.objectId(OID.ecdsaWithSha384));
  const name = der.sequence(
    der.set(der.sequence(der.objectId(OID.organization), der.utf8String(opts.organization ?? 'linuxcontainers.org'))),
    der.set(der.sequence(der.objectId(OID.commonName), der.utf8String(opts.commonName ?? defaultCommonName()))),
  );
  const extension = (oid: string, critical: boolean, value: Buffer): Buffer =>
    der.sequence(der.objectId(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)),
    der.unsignedInteger(serial),
    algorithm,
    name,
    der.sequence(der.time(notBefore), der.time(notAfter)),
    name,
    publicKey.export({ format: 'der', type: 'spki' }),
    der.explicit(
      3,
      der.sequence(
        // digitalSignature (bit 0) and keyEncipherment (bit 2): 101, three bits.
        extension(OID.keyUsage, true, der.bitString(Buffer.from([0b1010_0000]), 3)),
        extension(OID.extKeyUsage, false, der.sequence(der.objectId(OID.clientAuth))),
        extension(OID.basicConstraints, true, der.sequence()),
      ),
    ),
  );
  const signature = crypto.sign('sha384', tbs, privateKey);
  const pem = pemFromDer(der.sequence(tbs, algorithm, der.bitString(signature)));
  const key = privateKey.export({ format: 'pem', type: 'sec1' });
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

const COPY_WHOLE = 'Copy the whole token printed by "lxc config trust add".';

/** Decodes a trust token; throws a TypeError naming what is wrong with it. */
export function decodeTrustToken(token: string): TrustToken {
  const text = token.trim();
  // Node's decoder skips what is not base64: check first, or garbage would decode to other garbage.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 === 1) {
    throw new TypeError(`This is not a trust token: it is not base64 text. ${COPY_WHOLE}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    throw new TypeError(`This is not a trust token: it does not decode to JSON. ${COPY_WHOLE}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    const what = json === null ? 'null' : Array.isArray(json) ? 'a list' : `a ${typeof json}`;
    throw new TypeError(`This is not a trust token: it decodes to ${what}, not an object. ${COPY_WHOLE}`);
  }
  const t = json as Partial<TrustToken>;
  const missing = (['secret', 'fingerprint', 'addresses'] as const).filter((k) => t[k] === undefined);
  if (missing.length) {
    throw new TypeError(`This is not a trust token: it lacks the ${missing.join(', ')}.`);
  }
  if (typeof t.secret !== 'string' || !t.secret) {
    throw new TypeError('This is not a trust token: its secret is not a non-empty string.');
  }
  if (!Array.isArray(t.addresses) || t.addresses.some((a) => typeof a !== 'string')) {
    throw new TypeError('This is not a trust token: its addresses are not a list of host:port texts.');
  }
  if (typeof t.fingerprint !== 'string') {
    throw new TypeError('This is not a trust token: its fingerprint is not a text.');
  }
  let fingerprint: string;
  try {
    fingerprint = parseFingerprint(t.fingerprint);
  } catch (e) {
    throw new TypeError(`This trust token names no valid server certificate: ${(e as Error).message}`);
  }
  return {
    client_name: t.client_name ?? '',
    fingerprint,
    addresses: t.addresses,
    secret: t.secret,
    expires_at: t.expires_at,
    type: t.type,
  };
}

export function encodeTrustToken(t: TrustToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64');
}
