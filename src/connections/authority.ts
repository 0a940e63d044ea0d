/**
 * A connection id as the authority of the extension's URIs (`lxd:` files, `lxd-config:` and
 * `lxd-info:` documents): `lxd://local~3alxd/…` for the connection `local:lxd`.
 *
 * Connection ids hold `:` (and setting names anything), which an authority cannot carry as is: it
 * would read as host:port. Every character but letters, digits, `-`, `.` and `_` is written as `~`
 * and two hex digits per UTF-8 byte, which stays a plain reg-name, survives VS Code's own
 * percent-encoding untouched, and reads back exactly. Pure string logic, unit-tested without VS Code.
 */

export function encodeAuthority(connectionId: string): string {
  let out = '';
  for (const byte of Buffer.from(connectionId, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9._-]/.test(ch) ? ch : `~${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

export function decodeAuthority(authority: string): string {
  if (!/^(?:[A-Za-z0-9._-]|~[0-9a-fA-F]{2})*$/.test(authority)) {
    throw new Error(`Not an LXD connection in a URI: ${authority}`);
  }
  const bytes: number[] = [];
  for (let i = 0; i < authority.length; i++) {
    if (authority[i] === '~') {
      bytes.push(parseInt(authority.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(authority.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
