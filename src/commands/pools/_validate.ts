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
    return what === 'pool'
      ? `A storage pool named "${name}" already exists.`
      : `A custom volume named "${name}" already exists in this pool.`;
  }
  return undefined;
}
