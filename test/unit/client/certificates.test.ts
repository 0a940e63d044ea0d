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
  parseFingerprint,
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

  const FP = '265e7651a0abba7cc8ac584192ef48d99f9131110f27853911485aee59b0b6b2';
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  const token = (fields: Record<string, unknown>): string =>
    b64(JSON.stringify({ client_name: 'c', fingerprint: FP, addresses: ['127.0.0.1:8443'], secret: 's3cret', ...fields }));
  // [what, the text pasted, what the message says]
  const badTokens: [string, string, RegExp][] = [
    ['an empty text', '', /^This is not a trust token: it is not base64 text\. Copy the whole token/],
    ['words', 'hello world', /^This is not a trust token: it is not base64 text\./],
    ['base64 with a stray character', `${token({})}!`, /it is not base64 text/],
    ['a token cut at a bad length', token({}).slice(0, 9), /it is not base64 text|does not decode to JSON/],
    ['base64 of text that is not JSON', b64('not json at all'), /^This is not a trust token: it does not decode to JSON\./],
    ['base64 of a JSON list', b64('[1, 2]'), /^This is not a trust token: it decodes to a list, not an object\./],
    ['base64 of JSON null', b64('null'), /it decodes to null, not an object/],
    ['base64 of a JSON string', b64('"eyJ"'), /it decodes to a string, not an object/],
    ['JSON without the secret', token({ secret: undefined }), /^This is not a trust token: it lacks the secret\.$/],
    ['JSON without fingerprint and addresses', b64('{"secret":"s"}'), /^This is not a trust token: it lacks the fingerprint, addresses\.$/],
    ['an empty secret', token({ secret: '' }), /its secret is not a non-empty string/],
    ['a secret that is a number', token({ secret: 42 }), /its secret is not a non-empty string/],
    ['addresses that are not a list', token({ addresses: '127.0.0.1:8443' }), /its addresses are not a list of host:port texts/],
    ['addresses that are numbers', token({ addresses: [8443] }), /its addresses are not a list of host:port texts/],
    [
      'a fingerprint too short',
      token({ fingerprint: FP.slice(0, 40) }),
      /names no valid server certificate: .* has 40 hex digits, a SHA-256 has 64/,
    ],
    ['a fingerprint that is not hex', token({ fingerprint: FP.replace('e', 'g') }), /holds "g", which is not a hex digit/],
    ['a fingerprint that is a number', token({ fingerprint: 7 }), /its fingerprint is not a text/],
  ];
  for (const [what, text, message] of badTokens) {
    it(`refuses ${what} as a trust token, saying why`, () => {
      assert.throws(
        () => decodeTrustToken(text),
        (e: Error) => e instanceof TypeError && message.test(e.message),
      );
    });
  }

  it('reads a token whose fingerprint is written in upper case or with colons as the same fingerprint', () => {
    const colons = FP.toUpperCase().match(/../g)!.join(':');
    assert.equal(decodeTrustToken(token({ fingerprint: colons })).fingerprint, FP);
    assert.equal(decodeTrustToken(token({ fingerprint: FP.toUpperCase() })).fingerprint, FP);
  });

  // Fingerprints as users and tokens write them: which forms are taken, and what is said of the others.
  const fingerprints: [string, string, string | RegExp][] = [
    ['lower-case hex', FP, FP],
    ['upper-case hex', FP.toUpperCase(), FP],
    ['pairs with colons, as the CLIs print them', FP.match(/../g)!.join(':'), FP],
    ['pairs with spaces', ` ${FP.match(/../g)!.join(' ')} `, FP],
    ['a SHA-1 (40 digits)', FP.slice(0, 40), /has 40 hex digits, a SHA-256 has 64/],
    ['one digit too many', `${FP}0`, /has 65 hex digits/],
    ['an empty text', '', /has 0 hex digits/],
    ['a letter that is no hex digit', `${FP.slice(0, 63)}z`, /holds "z", which is not a hex digit/],
    ['dashes', FP.match(/../g)!.join('-'), /holds "-", which is not a hex digit/],
    ['a "sha256:" prefix', `sha256:${FP}`, /holds "s", which is not a hex digit/],
    ['colons in the wrong places', `${FP.slice(0, 3)}:${FP.slice(3)}`, /separates its digits other than in pairs/],
  ];
  for (const [what, text, want] of fingerprints) {
    if (typeof want === 'string') {
      it(`takes a fingerprint in ${what}`, () => assert.equal(parseFingerprint(text), want));
    } else {
      it(`refuses a fingerprint in ${what}, saying why`, () => {
        assert.throws(
          () => parseFingerprint(text),
          (e: Error) => e instanceof TypeError && /^Not a SHA-256 fingerprint: /.test(e.message) && want.test(e.message),
        );
      });
    }
  }
});
