/**
 * Why a name cannot become an alias, or undefined. LXD only requires a name, but an alias with a
 * `/` cannot be addressed afterwards (`/1.0/images/aliases/<name>`), and surrounding spaces are
 * invisible in every list.
 */
export function aliasNameProblem(name: string, existing: Iterable<string>): string | undefined {
  if (!name) {
    return 'An alias name is required.';
  }
  if (name.includes('/')) {
    return 'An alias name cannot contain "/".';
  }
  if (name.trim() !== name) {
    return 'An alias name cannot start or end with a space.';
  }
  if (new Set(existing).has(name)) {
    return `The alias "${name}" already exists in this project.`;
  }
  return undefined;
}
