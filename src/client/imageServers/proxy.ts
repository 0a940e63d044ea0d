import * as net from 'node:net';
import * as tls from 'node:tls';
import { TransportError } from '../errors';

/** An HTTP proxy for reaching image servers, as `HTTPS_PROXY` / `NO_PROXY` (or an editor's setting) give it. */
export interface ProxySettings {
  /** `http://proxy.example:3128` (or `https://`, with `user:password@` when it asks for them); none: connect directly. */
  url?: string;
  /** Where to connect directly: `*`, host names (a name covers its subdomains, `.name` only them), IP addresses and CIDR ranges, each with an optional `:port`. */
  noProxy?: string[];
  /** Where the settings came from, for messages: `HTTPS_PROXY`, `http.proxy`. */
  origin?: string;
}

/** The proxy the environment names for HTTPS, read as curl and Go read it. */
export function proxyFromEnv(env: Record<string, string | undefined> = process.env): ProxySettings {
  const [origin, url] =
    (['https_proxy', 'HTTPS_PROXY'] as const).map((k): [string, string | undefined] => [k, env[k]]).find(([, v]) => v) ?? [];
  const noProxy = (env.no_proxy || env.NO_PROXY || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return url ? { url, noProxy, origin } : { noProxy };
}

/**
 * The proxy to reach `target` through, or undefined to connect directly. Loopback is never proxied
 * (as in Go's `httpproxy`, which the daemons use).
 */
export function proxyFor(target: URL, settings: ProxySettings): URL | undefined {
  if (!settings.url) {
    return undefined;
  }
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  if (host === 'localhost' || isLoopback(host) || (settings.noProxy ?? []).some((entry) => bypasses(entry, host, port))) {
    return undefined;
  }
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(settings.url) ? settings.url : `http://${settings.url}`);
  } catch {
    throw new TypeError(`The proxy${settings.origin ? ` in ${settings.origin}` : ''} is not a URL: ${settings.url}`);
  }
}

function isLoopback(host: string): boolean {
  return (net.isIPv4(host) && host.startsWith('127.')) || host === '::1';
}

function bypasses(entry: string, host: string, port: string): boolean {
  let rule = entry.trim().toLowerCase();
  if (rule === '*') {
    return true;
  }
  const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(rule);
  if (withPort) {
    if (withPort[2] !== port) {
      return false;
    }
    rule = withPort[1];
  }
  rule = rule.replace(/^\[|\]$/g, '');
  if (rule.includes('/')) {
    const [base, bits] = rule.split('/');
    const family = net.isIPv4(base) ? 'ipv4' : net.isIPv6(base) ? 'ipv6' : undefined;
    const type = net.isIPv4(host) ? 'ipv4' : net.isIPv6(host) ? 'ipv6' : undefined;
    if (!family || family !== type) {
      return false;
    }
    const list = new net.BlockList();
    list.addSubnet(base, Number(bits), family);
    return list.check(host, type);
  }
  if (net.isIP(rule)) {
    return rule === host;
  }
  const domain = rule.replace(/^\*?\./, '');
  return rule.startsWith('.') || rule.startsWith('*.') ? host.endsWith(`.${domain}`) : host === domain || host.endsWith(`.${domain}`);
}

/**
 * A tunnel to `host:port` through an HTTP proxy (`CONNECT`): the socket to run TLS over, so the
 * image server's certificate is checked end to end as without a proxy.
 */
export function openTunnel(proxy: URL, target: { host: string; port: string }, timeoutMs: number): Promise<net.Socket> {
  const authority = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '');
  const fail = (why: string, code: string, cause?: unknown): TransportError =>
    new TransportError({
      code,
      address: `https://${authority}`,
      cause,
      message: `Cannot reach https://${authority} through the proxy ${proxy.origin}: ${why}`,
    });
  return new Promise((resolve, reject) => {
    const socket: net.Socket =
      proxy.protocol === 'https:'
        ? tls.connect({ host: proxyHost, port: proxyPort, servername: net.isIP(proxyHost) ? undefined : proxyHost })
        : net.connect({ host: proxyHost, port: proxyPort });
    const timer = setTimeout(() => done(fail(`no answer within ${timeoutMs / 1000} s.`, 'PROXY_TIMEOUT')), timeoutMs);
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        return head.length > 16_384 ? done(fail('its answer is not HTTP.', 'PROXY_REFUSED')) : undefined;
      }
      const status = /^HTTP\/1\.[01] (\d{3})[^\r\n]*/.exec(head);
      if (status?.[1] === '200' && end + 4 === head.length) {
        return done();
      }
      done(fail(status ? `it answered "${status[0].slice(9)}".` : 'its answer is not HTTP.', 'PROXY_REFUSED'));
    };
    const onError = (e: NodeJS.ErrnoException): void =>
      done(fail(e.code === 'ECONNREFUSED' ? 'nothing is listening there.' : e.message, e.code ?? 'PROXY_UNREACHABLE', e));
    const onClose = (): void => done(fail('it closed the connection.', 'PROXY_REFUSED'));
    // Only this handshake's listeners go: TLS runs over the socket afterwards.
    const done = (err?: Error): void => {
      clearTimeout(timer);
      socket.off('data', onData).off('error', onError).off('close', onClose);
      if (err) {
        socket.destroy();
        reject(err);
      } else {
        resolve(socket);
      }
    };
    socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      const auth = proxy.username
        ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n`
        : '';
      socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`);
    });
    socket.on('data', onData).on('error', onError).on('close', onClose);
  });
}
