/**
 * What a `used_by` URL names, as the user would say it: instances by their name, other objects
 * with their kind (`/1.0/profiles/web?project=p` → `profile web`), snapshots with their instance.
 */
export function usedByName(url: string): string {
  const [path] = url.split('?');
  const segs = path.split('/').slice(2).map(decodeURIComponent);
  const [kind, name, sub, subName] = segs;
  if (kind === 'instances') {
    return sub === 'snapshots' ? `${name}/${subName}` : name;
  }
  if (kind === 'storage-pools') {
    // /1.0/storage-pools/<pool>/volumes/<type>/<name>
    return segs.length >= 5 ? `volume ${segs[4]}` : `pool ${name}`;
  }
  const singular = (kind ?? '').replace(/-/g, ' ').replace(/s$/, '');
  return [singular, name].filter(Boolean).join(' ');
}

export function usedByNames(urls: readonly string[] | null | undefined): string[] {
  return [...new Set((urls ?? []).map(usedByName))];
}
