export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A RegExp that matches `text` and nothing else. */
export function exactly(text: string, flags = ''): RegExp {
  return new RegExp(`^${escapeRegExp(text)}$`, flags);
}

/** A file-name-safe form of a title. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}
