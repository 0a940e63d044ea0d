import * as assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  ClientCertificate,
  TrustToken,
  certificateFingerprint,
  decodeTrustToken,
  encodeTrustToken,
  generateClientCertificate,
  normalizeFingerprint,
} from '../../../src/client';
import { derFromPem, pemFromDer } from '../../../src/client/certificates';
import * as der from '../../../src/client/der';

describe('certificates', () => {
  let generated: ClientCertificate;
  let x509: X509Certificate;

  before(async () => {
    generated = await generateClientCertificate({ commonName: 'alice@laptop' });
    x509 = new X509Certificate(generated.cert);
  });

  it('generates a client certificate like the CLI: ECDSA P-384, self-signed, client auth, ten years', () => {
    assert.equal(x509.subject, 'O=linuxcontainers.org\nCN=alice@laptop');
    assert.equal(x509.issuer, x509.subject);
    assert.ok(x509.verify(x509.publicKey), 'self-signed');
    assert.equal(x509.publicKey.asymmetricKeyDetails?.namedCurve, 'secp384r1');
    assert.deepEqual(x509.keyUsage, ['1.3.6.1.5.5.7.3.2'], 'extended key usage: TLS client authentication');
    assert.equal(x509.ca, false);
    const years = (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / (365 * 24 * 3600 * 1000);
    assert.ok(years > 9.99 && years < 10.01, `${years} years`);
  });

  it('reads back with openssl as the CLI writes it: v3, ecdsa-with-SHA384, critical key usage and basic constraints', () => {
    const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: generated.cert, encoding: 'utf8' });
    assert.match(text, /Version: 3 \(0x2\)/);
    assert.match(text, /Signature Algorithm: ecdsa-with-SHA384/);
    assert.match(text, /Subject: O ?= ?linuxcontainers\.org, CN ?= ?alice@laptop/);
    assert.match(text, /ASN1 OID: secp384r1/);
    assert.match(text, /X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment\n/);
    assert.match(text, /X509v3 Extended Key Usage: ?\s+TLS Web Client Authentication\n/);
    assert.match(text, /X509v3 Basic Constraints: critical\s+CA:FALSE\n/);
    const serial = /Serial Number:\s+([0-9a-f:]+)/.exec(text)?.[1] ?? '';
    assert.ok(serial.replace(/:/g, '').length >= 30, `a random 16-byte serial (${serial})`);
  });

  it('writes DER as X.690 says: object ids, minimal integers, UTCTime until 2049 and GeneralizedTime after', () => {
    assert.equal(der.objectId('1.2.840.10045.4.3.3').toString('hex'), '06082a8648ce3d040303');
    assert.equal(der.unsignedInteger(Buffer.from([0, 0, 0x80])).toString('hex'), '02020080');
    assert.equal(der.unsignedInteger(Buffer.from([0, 0x7f])).toString('hex'), '02017f');
    assert.equal(der.time(new Date('2049-12-31T23:59:59.500Z')).toString('ascii', 2), '491231235959Z');
    assert.equal(der.time(new Date('2050-01-01T00:00:00Z')).toString('ascii', 2), '20500101000000Z');
    assert.equal(der.sequence(Buffer.alloc(200)).subarray(0, 3).toString('hex'), '3081c8');
    assert.equal(der.sequence(Buffer.alloc(300)).subarray(0, 4).toString('hex'), '3082012c');
  });

  it('writes the key as the CLI does (SEC1 "EC PRIVATE KEY"), matching the certificate', () => {
    assert.match(generated.key, /^-----BEGIN EC PRIVATE KEY-----\n/);
    const pub = createPublicKey(createPrivateKey(generated.key)).export({ format: 'der', type: 'spki' });
    assert.deepEqual(pub, x509.publicKey.export({ format: 'der', type: 'spki' }));
    assert.ok(x509.checkPrivateKey(createPrivateKey(generated.key)));
  });

  it("takes Incus' organisation name and escapes a common name with DN specials", async () => {
    const c = new X509Certificate(
      (await generateClientCertificate({ commonName: 'bob, the admin', organization: 'Linux Containers' })).cert,
    );
    // The stored value is `bob, the admin`; Node escapes the comma when it shows the name.
    assert.equal(c.subject, 'O=Linux Containers\nCN=bob\\, the admin');
  });

  it('fingerprints the DER bytes with SHA-256, as LXD lists certificates', () => {
    assert.equal(generated.fingerprint, x509.fingerprint256.replace(/:/g, '').toLowerCase());
    assert.equal(certificateFingerprint(derFromPem(generated.cert)), generated.fingerprint);
    assert.equal(pemFromDer(derFromPem(generated.cert)), generated.cert);
    assert.throws(() => certificateFingerprint('not a certificate'), /Not a PEM certificate/);
  });

  it('accepts a fingerprint with colons, spaces or upper case', () => {
    assert.equal(normalizeFingerprint('AB:cd ef'), 'abcdef');
    assert.equal(normalizeFingerprint(x509.fingerprint256), generated.fingerprint);
  });

  it('reads a token printed by `lxc config trust add` and writes the same bytes back', () => {
    // A real LXD 5.0.2 token (the secret is long revoked).
    const cli =
      'eyJjbGllbnRfbmFtZSI6Imx4ZHgtc2NyLWNsaSIsImZpbmdlcnByaW50IjoiMjY1ZTc2NTFhMGFiYmE3Y2M4YWM1ODQxOTJlZjQ4ZDk5ZjkxMzExMTBmMjc4NTM5MTE0ODVhZWU1OWIwYjZiMiIsImFkZHJlc3NlcyI6WyIxMjcuMC4wLjE6ODQ0NCJdLCJzZWNyZXQiOiI3MTgwYTVlZDhkMWUzMzAwMzI2MmNkNjE3ZTUyZDc0NjNiMjI5NDNjMjBhMzlkMTMyOTliNjcxOGRiNGUyMjE2IiwiZXhwaXJlc19hdCI6IjAwMDEtMDEtMDFUMDA6MDA6MDBaIn0=';
    const t = decodeTrustToken(`  ${cli}\n`);
    assert.deepEqual(t, {
      client_name: 'lxdx-scr-cli',
      fingerprint: '265e7651a0abba7cc8ac584192ef48d99f9131110f27853911485aee59b0b6b2',
      addresses: ['127.0.0.1:8444'],
      secret: '7180a5ed8d1e33003262cd617e52d7463b22943c20a39d13299b6718db4e2216',
      expires_at: '0001-01-01T00:00:00Z',
      type: undefined,
    } satisfies TrustToken);
    const { type: _, ...fields } = t;
    assert.equal(encodeTrustToken(fields), cli, 'same field order and padding as the Go client');
  });

  it('says what is wrong with something that is not a token', () => {
    assert.throws(() => decodeTrustToken('hello world'), /not a trust token: it does not decode to JSON/);
    assert.throws(
      () => decodeTrustToken(Buffer.from('{"client_name":"x"}').toString('base64')),
      /lacks the secret, fingerprint or addresses/,
    );
  });
});
