const SIZE = /^\d+(B|kB|MB|GB|TB|PB|EB|KiB|MiB|GiB|TiB|PiB|EiB)?$/;

/** A volume size as LXD parses it: a whole number, optionally followed by a unit (`10GiB`, `500MB`). */
export function sizeProblem(value: string): string | undefined {
  if (!value || SIZE.test(value)) {
    return undefined;
  }
  return `"${value}" is not a valid size: a whole number and a unit without a space, e.g. 10GiB, 512MiB or 20GB.`;
}
