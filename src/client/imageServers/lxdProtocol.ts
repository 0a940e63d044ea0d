import type { Image } from '../../generated';
import type { RemoteImage } from './types';

/**
 * The images a public LXD or Incus server offers (`GET /1.0/images?recursion=1` without a client
 * certificate): the server already hides private ones from an untrusted client; a trusted one sees
 * them too, so only `public` images are kept either way.
 */
export function imagesFromLxd(images: Image[]): RemoteImage[] {
  return images.filter((i) => i.public && i.fingerprint).map(remoteImageOf);
}

/** An image of an LXD or Incus server in the words of an image server's list. */
export function remoteImageOf(i: Image): RemoteImage {
  const p = i.properties ?? {};
  return {
    fingerprint: i.fingerprint ?? '',
    aliases: (i.aliases ?? []).map((a) => a.name).filter((n): n is string => !!n),
    os: p.os ?? '',
    release: p.release ?? '',
    releaseTitle: p.release_title || undefined,
    variant: p.variant || undefined,
    architecture: i.architecture ?? '',
    type: i.type === 'virtual-machine' ? 'virtual-machine' : 'container',
    description: p.description || i.fingerprint || '',
    size: i.size ?? 0,
    createdAt: new Date(i.created_at ?? 0),
    serial: p.serial || undefined,
  };
}
