/** Why a name cannot become a profile, as LXD would say it, or undefined. */
export function profileNameProblem(name: string, existing: Iterable<string>): string | undefined {
  if (!name) {
    return 'A profile name is required.';
  }
  if (name.includes('/')) {
    return 'Profile names may not contain slashes.';
  }
  if (name === '.' || name === '..') {
    return `"${name}" is not a valid profile name.`;
  }
  if (new Set(existing).has(name)) {
    return `A profile named "${name}" already exists in this project.`;
  }
  return undefined;
}
