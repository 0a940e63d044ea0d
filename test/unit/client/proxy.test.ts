import * as assert from 'node:assert/strict';
import { proxyFor, proxyFromEnv } from '../../../src/client';

const via = (url: string, settings: Parameters<typeof proxyFor>[1]): string | undefined => proxyFor(new URL(url), settings)?.href;

describe('image servers: the proxy to reach them through', () => {
  it('reads HTTPS_PROXY and NO_PROXY as curl and Go do, the lower-case names first', () => {
    assert.deepEqual(proxyFromEnv({ HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'a.example, .b.example,,10.0.0.0/8' }), {
      url: 'http://p:3128',
      noProxy: ['a.example', '.b.example', '10.0.0.0/8'],
      origin: 'HTTPS_PROXY',
    });
    assert.equal(proxyFromEnv({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' }).url, 'http://lower:1');
    assert.deepEqual(proxyFromEnv({ HTTP_PROXY: 'http://only-http:1' }), { noProxy: [] }, 'an HTTP_PROXY alone is not for HTTPS');
  });

  it('goes through the proxy unless NO_PROXY names the host, a parent domain, its address or range, or *', () => {
    const p = {
      url: 'http://proxy.example:3128',
      noProxy: ['corp.example', '.lab.example', '10.1.0.0/16', 'mirror.example:8443', '[2001:db8::1]'],
    };
    assert.equal(via('https://images.linuxcontainers.org', p), 'http://proxy.example:3128/');
    assert.equal(via('https://corp.example/x', p), undefined);
    assert.equal(via('https://images.corp.example', p), undefined, 'a domain covers its subdomains');
    assert.equal(via('https://lab.example', p), 'http://proxy.example:3128/', 'a leading dot: subdomains only');
    assert.equal(via('https://a.lab.example', p), undefined);
    assert.equal(via('https://10.1.2.3:8443', p), undefined);
    assert.equal(via('https://10.2.0.1', p), 'http://proxy.example:3128/');
    assert.equal(via('https://mirror.example:8443', p), undefined, 'host and port');
    assert.equal(via('https://mirror.example', p), 'http://proxy.example:3128/', 'another port');
    assert.equal(via('https://[2001:db8::1]:8443', p), undefined);
    assert.equal(via('https://anything.example', { ...p, noProxy: ['*'] }), undefined);
  });

  it('never proxies loopback, and connects directly without a proxy', () => {
    const p = { url: 'http://127.0.0.1:9' };
    assert.equal(via('https://127.0.0.1:8445/tree', p), undefined);
    assert.equal(via('https://localhost', p), undefined);
    assert.equal(via('https://[::1]:8443', p), undefined);
    assert.equal(via('https://images.linuxcontainers.org', {}), undefined);
  });

  it('takes a proxy written without a scheme as http, and says where a proxy that is not a URL came from', () => {
    assert.equal(via('https://images.example', { url: 'proxy.example:3128' }), 'http://proxy.example:3128/');
    assert.throws(
      () => via('https://images.example', { url: 'http://[bad', origin: 'http.proxy' }),
      /The proxy in http\.proxy is not a URL: http:\/\/\[bad/,
    );
  });
});
