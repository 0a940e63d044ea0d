import * as fs from 'node:fs';
import { Client, ClientCertificate, ClientOptions, Handshake, generateClientCertificate } from '../../src/client';
import { Target, testbed, uniqueName } from './testbed';

/** A client certificate the target trusts; `untrust()` takes it off the trust list again. */
export interface TrustedCertificate extends ClientCertificate {
  untrust(): Promise<void>;
}

/** Generates a client certificate and trusts it through the target's unix socket. */
export async function trustedCertificate(target: Target): Promise<TrustedCertificate> {
  const cert = await generateClientCertificate({ commonName: 'lxdx-test@localhost' });
  const admin = Client.unix(target.socket);
  try {
    await admin.certificates.add({ name: uniqueName('faults'), certificate: cert.cert });
  } finally {
    await admin.close();
  }
  return {
    ...cert,
    untrust: async () => {
      const c = Client.unix(target.socket);
      await c.certificates.delete(cert.fingerprint).catch(() => undefined);
      await c.close();
    },
  };
}

/**
 * An HTTPS client for `url` (the daemon's own address, or a proxy in front of it) that pins the
 * daemon's certificate, working in the test project.
 */
export function httpsClient(
  target: Target,
  cert: ClientCertificate,
  url: string,
  opts: ClientOptions & { onHandshake?: (h: Handshake) => void } = {},
): Client {
  const { onHandshake, ...options } = opts;
  return Client.https(
    { url, clientCert: cert.cert, clientKey: cert.key, serverCertificate: fs.readFileSync(target.serverCertPath!, 'utf8'), onHandshake },
    { project: testbed().project, ...options },
  );
}
