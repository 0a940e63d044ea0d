import * as assert from 'node:assert/strict';
import { Client, RequestTrace } from '../../src/client';
import { ConnectionSpec, ConnectionStatus, LinkListener, ServerLink } from '../../src/connections/link';
import { eventually, forEachTarget } from '../support/fixtures';
import { FaultProxy } from '../support/faultProxy';
import { TrustedCertificate, httpsClient } from '../support/remote';
import { useFaultProxy, useTrustedCertificate } from './helpers';
import { openFds, socketsBackTo } from '../support/sockets';

/** A link to the daemon through `proxy`, counting the clients it builds and the events streams they open. */
function linkThrough(target: Parameters<typeof httpsClient>[0], cert: TrustedCertificate, proxy: FaultProxy) {
  const seen = { clients: 0, closed: 0, eventStreams: 0, statuses: [] as ConnectionStatus[] };
  const spec: ConnectionSpec = {
    id: `faults:${target.name}`,
    name: target.name,
    source: 'setting',
    address: proxy.url,
    createClient: async (onTrace) => {
      seen.clients++;
      // A client takes a moment to build (HTTPS remotes read certificate files or secret storage).
      await new Promise((r) => setImmediate(r));
      const client = httpsClient(target, cert, proxy.url, {
        retry: { attempts: 1, initialMs: 1, maxMs: 1 },
        onTrace: (t: RequestTrace) => {
          if (t.path.startsWith('/1.0/events') && t.status === 101) {
            seen.eventStreams++;
          }
          onTrace(t);
        },
      });
      const close = client.close.bind(client);
      client.close = () => (seen.closed++, close());
      return client;
    },
  };
  const listener: LinkListener = {
    status: (s) => seen.statuses.push(s),
    event: () => undefined,
    reconnected: () => undefined,
    trace: () => undefined,
    log: () => undefined,
  };
  return { link: new ServerLink(spec, listener), seen };
}

forEachTarget('Connecting while a connect is under way', (target) => {
  const trusted = useTrustedCertificate(target);
  const faults = useFaultProxy(target);
  let link: ServerLink | undefined;
  let cert: TrustedCertificate;
  let proxy: FaultProxy;

  beforeEach(() => {
    cert = trusted.cert;
    proxy = faults.proxy;
  });
  afterEach(() => {
    link?.dispose();
    link = undefined;
  });

  /** How many connections one connected link holds through the proxy (its request pool and its events stream). */
  async function footprint(): Promise<number> {
    const single = linkThrough(target, cert, proxy);
    await single.link.connect();
    await eventually(() => single.seen.eventStreams === 1, 'the events stream to open');
    const open = proxy.open;
    single.link.dispose();
    await proxy.until((p) => p.open === 0, 'the single link to let go');
    return open;
  }

  it('Retry pressed twice while the daemon is down ends with one client and one events stream once it is back', async function () {
    this.timeout(60_000);
    const baseline = openFds();
    const single = await footprint();
    const made = linkThrough(target, cert, proxy);
    link = made.link;
    proxy.set({ kind: 'reset' });
    await Promise.all([link.connect(), link.connect()]);
    assert.equal(made.seen.clients, 1, 'two connects while down build one client');
    assert.equal(made.seen.statuses.at(-1), 'error');

    proxy.set({ kind: 'pass' });
    await Promise.all([link.connect(), link.connect()]);
    assert.equal(made.seen.clients, 2, 'two more connects once it is back build one more');
    assert.equal(made.seen.closed, 1, 'the client of the failed connect is closed');
    assert.equal(made.seen.statuses.at(-1), 'connected');
    await eventually(() => made.seen.eventStreams === 1, 'the events stream to open');
    await proxy.until((p) => p.open === single, `the ${single} connections of one connected link through the proxy`);
    assert.equal(made.seen.eventStreams, 1);

    link.dispose();
    link = undefined;
    await proxy.until((p) => p.open === 0, 'every connection to close');
    assert.equal(made.seen.closed, 2);
    await socketsBackTo(baseline);
  });

  it('a connect overtaken by dispose leaves nothing open', async function () {
    this.timeout(60_000);
    const baseline = openFds();
    const made = linkThrough(target, cert, proxy);
    const pending = made.link.connect();
    made.link.dispose();
    await pending;
    assert.ok(!made.seen.statuses.includes('connected'), `statuses: ${made.seen.statuses.join(', ')}`);
    assert.equal(made.link.client, undefined);
    await proxy.until((p) => p.open === 0, 'nothing open through the proxy');
    await socketsBackTo(baseline);
  });

  it('a reconnect closes the previous client and its events stream', async function () {
    this.timeout(60_000);
    const single = await footprint();
    const made = linkThrough(target, cert, proxy);
    link = made.link;
    await link.connect();
    await eventually(() => made.seen.eventStreams === 1, 'the first events stream');
    const first: Client = link.client!;
    await link.connect();
    await eventually(() => made.seen.eventStreams === 2, 'the second events stream');
    assert.notEqual(link.client, first);
    assert.equal(made.seen.closed, 1);
    await proxy.until((p) => p.open === single, "only the new client's connections left");
  });
});
