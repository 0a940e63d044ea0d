import { isIP } from 'node:net';
import { TrustToken, decodeTrustToken } from '../client/certificates';

/** LXD's and Incus' HTTPS port when an address has none, as `lxc remote add` assumes. */
export const DEFAULT_PORT = 8443;

export interface RemoteAddress {
  /** `https://host:port`, the port always written. */
  url: string;
  /** The host as typed, without brackets. */
  host: string;
  port: number;
}

/**
 * Reads what a user types for a remote: `host`, `host:port`, `https://host[:port]`, IPv6 in
 * brackets. Returns the address, or a sentence saying what is wrong with it.
 */
export function parseRemoteAddress(input: string): RemoteAddress | { problem: string } {
  const text = input.trim();
  if (!text) {
    return { problem: 'Enter the address of the server, e.g. https://server.example:8443' };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'https') {
    return { problem: `Remote servers are reached over https:// (got ${scheme}://). Local sockets are found by themselves.` };
  }
  if (!scheme && isIP(text) === 6) {
    return { problem: `Put an IPv6 address in brackets: [${text}]:${DEFAULT_PORT}` };
  }
  let u: URL;
  try {
    u = new URL(scheme ? text : `https://${text}`);
  } catch {
    return { problem: `"${text}" is not an address: use host, host:port or https://host:port.` };
  }
  if (u.username || u.password) {
    return { problem: 'Leave the user and password out of the address: the server trusts a client certificate.' };
  }
  if ((u.pathname && u.pathname !== '/') || u.search || u.hash) {
    return { problem: 'Give only the server address (https://host:port), without a path.' };
  }
  const port = u.port ? Number(u.port) : DEFAULT_PORT;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!host) {
    return { problem: 'The address has no host name.' };
  }
  return { url: `https://${u.hostname}:${port}`, host, port };
}

/**
 * What the address box of Add Remote holds: an address, or a whole trust token (as `lxc remote add
 * <name> <token>` takes it), whose first address is then the server's. A text that starts as a
 * token does (`eyJ`: base64 of `{"`) is read as one, so a damaged token is refused for what is
 * wrong with it, never taken for a host name and looked up.
 */
export function readAddressOrToken(input: string): (RemoteAddress & { token?: TrustToken }) | { problem: string } {
  const text = input.trim();
  if (!text.startsWith('eyJ')) {
    return parseRemoteAddress(text);
  }
  let token: TrustToken;
  try {
    token = decodeTrustToken(text);
  } catch (e) {
    return { problem: (e as Error).message };
  }
  if (!token.addresses.length) {
    return { problem: 'This trust token lists no address: enter the server address first.' };
  }
  const parsed = parseRemoteAddress(token.addresses[0]);
  return isAddress(parsed)
    ? { ...parsed, token }
    : { problem: `The trust token's address ${JSON.stringify(token.addresses[0])}: ${parsed.problem}` };
}

/** Whether a parse result is an address (not a problem). */
export function isAddress(r: RemoteAddress | { problem: string }): r is RemoteAddress {
  return 'url' in r;
}

/** Letters, digits, `.`, `_` and `-`, not starting with a punctuation mark: what the CLIs accept. */
export function remoteNameProblem(name: string, taken: readonly string[] = []): string | undefined {
  if (!name) {
    return 'Give the remote a name.';
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    return 'Use letters, digits, ".", "_" and "-" (no spaces, ":" or "/"), starting with a letter or digit.';
  }
  if (taken.includes(name)) {
    return `A remote named "${name}" already exists.`;
  }
  return undefined;
}

/** A name for a remote at `host` that no other remote has: the host itself, then host-2, host-3… */
export function suggestRemoteName(host: string, taken: readonly string[]): string {
  const base = host.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'remote';
  let name = base;
  for (let i = 2; taken.includes(name); i++) {
    name = `${base}-${i}`;
  }
  return name;
}
