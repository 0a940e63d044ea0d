/**
 * Why a name cannot become a network of this type, as LXD checks it, or undefined. A bridge
 * becomes a Linux interface, so its name follows the kernel's rules: 2 to 15 characters among
 * letters, digits, `-`, `_` and `.`.
 */
export function networkNameProblem(name: string, type: string, existing: Iterable<string>): string | undefined {
  if (!name) {
    return 'A network name is required.';
  }
  for (const bad of ['/', ':']) {
    if (name.includes(bad)) {
      return `A network name cannot contain "${bad}".`;
    }
  }
  if (name === '.' || name === '..') {
    return `"${name}" is not a valid network name.`;
  }
  if (type === 'bridge') {
    if (name.length < 2) {
      return 'A bridge name needs at least 2 characters (it becomes a network interface).';
    }
    if (name.length > 15) {
      return `A bridge name has at most 15 characters (it becomes a network interface); "${name}" has ${name.length}.`;
    }
    if (!/^[-_a-zA-Z0-9.]+$/.test(name)) {
      return 'A bridge name may contain only letters, digits, "-", "_" and "." (it becomes a network interface).';
    }
  }
  if (new Set(existing).has(name)) {
    return `A network named "${name}" already exists.`;
  }
  return undefined;
}

export type IpFamily = 4 | 6;

/**
 * Checks a bridge's `ipv4.address` / `ipv6.address` value: `auto`, `none`, or the bridge's own
 * address with the subnet's prefix length (`10.0.3.1/24`, `fd42::1/64`). Like LXD, the subnet's
 * network address itself is refused: the bridge needs a usable address.
 */
export function addressProblem(value: string, family: IpFamily): string | undefined {
  if (value === 'auto' || value === 'none') {
    return undefined;
  }
  const example = family === 4 ? '10.10.10.1/24' : 'fd42:1:2:3::1/64';
  const parsed = parseCidr(value, family);
  if (!parsed) {
    return `Enter "auto", "none", or an IPv${family} address with its prefix length, e.g. ${example}.`;
  }
  if (family === 6 && isV4Mapped(parsed.bytes)) {
    return `"${value}" is an IPv4 address written as IPv6; give an IPv6 address, e.g. ${example}.`;
  }
  if (parsed.prefix === 0 || parsed.prefix > (family === 4 ? 32 : 128)) {
    return `The prefix length of "${value}" must be between 1 and ${family === 4 ? 32 : 128}.`;
  }
  if (isNetworkAddress(parsed.bytes, parsed.prefix)) {
    return `"${value}" is the subnet's network address; give the bridge a usable address in it, e.g. ${example}.`;
  }
  return undefined;
}

/** An address and prefix length, or undefined when `value` is not a CIDR of that family. */
export function parseCidr(value: string, family: IpFamily): { bytes: number[]; prefix: number } | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!m) {
    return undefined;
  }
  const bytes = family === 4 ? parseIPv4(m[1]) : parseIPv6(m[1]);
  return bytes ? { bytes, prefix: Number(m[2]) } : undefined;
}

function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) {
    return undefined;
  }
  return parts.map(Number);
}

function parseIPv6(text: string): number[] | undefined {
  let head = text;
  let tail: number[] = [];
  // An IPv4 tail (::ffff:10.0.0.1) stands for the last two groups.
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = parseIPv4(v4[2]);
    if (!b) {
      return undefined;
    }
    head = v4[1].endsWith('::') ? v4[1] : v4[1].slice(0, -1);
    tail = [(b[0] << 8) | b[1], (b[2] << 8) | b[3]];
  }
  const halves = head.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const groups = (s: string): number[] | undefined => {
    if (s === '') {
      return [];
    }
    const out = s.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
    return out.some(Number.isNaN) ? undefined : out;
  };
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  if (!left || !right) {
    return undefined;
  }
  const given = left.length + right.length + tail.length;
  if (halves.length === 2 ? given > 7 : given !== 8) {
    return undefined;
  }
  const all = [...left, ...new Array<number>(8 - given).fill(0), ...right, ...tail];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/** Whether every bit after the prefix is zero. */
function isNetworkAddress(bytes: number[], prefix: number): boolean {
  return bytes.every((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return (b & (0xff >> keep)) === 0;
  });
}

/** `::ffff:a.b.c.d`: Go (and so LXD) reads it as an IPv4 address. */
function isV4Mapped(bytes: number[]): boolean {
  return bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}
