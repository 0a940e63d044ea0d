/**
 * Why a name cannot become a storage pool or a custom volume, or undefined. LXD refuses an empty
 * name and `/`; `.` and `..` cannot be addressed in a URL (HTTP clients fold them away).
 */
export function storageNameProblem(name: string, what: 'pool' | 'volume', existing: Iterable<string>): string | undefined {
  const noun = what === 'pool' ? 'Storage pool' : 'Storage volume';
  if (!name) {
    return `A ${noun.toLowerCase()} name is required.`;
  }
  if (name.includes('/')) {
    return `${noun} names may not contain slashes.`;
  }
  if (name === '.' || name === '..') {
    return `"${name}" is not a valid ${noun.toLowerCase()} name.`;
  }
  if (new Set(existing).has(name)) {
    return what === 'pool' ? `A storage pool named "${name}" already exists.` : `A custom volume named "${name}" already exists in this pool.`;
  }
  return undefined;
}

const SIZE = /^\d+(B|kB|MB|GB|TB|PB|EB|KiB|MiB|GiB|TiB|PiB|EiB)?$/;

/** A volume size as LXD parses it: a whole number, optionally followed by a unit (`10GiB`, `500MB`). */
export function sizeProblem(value: string): string | undefined {
  if (!value || SIZE.test(value)) {
    return undefined;
  }
  return `"${value}" is not a valid size: a whole number and a unit without a space, e.g. 10GiB, 512MiB or 20GB.`;
}
