import type { Image } from '../../generated';
import type { ServerKind } from '../api/server';
import { parseReply } from '../envelope';
import { CancelledError } from '../errors';
import { ImageServerError } from './errors';
import { FetchLimits, ImageServerFetcher } from './fetch';
import { imagesFromLxd } from './lxdProtocol';
import type { ProxySettings } from './proxy';
import { imagesFromProducts, productPaths } from './simplestreams';
import type { ImageServer, RemoteImage } from './types';

export interface CatalogueOptions extends Omit<FetchLimits, 'proxy'> {
  /** The proxy for each read (default: the environment's); a function is asked at each read, so a changed setting applies. */
  proxy?: ProxySettings | (() => ProxySettings);
  /**
   * How long a server's list is reused (default 15 minutes). The daemons keep a simplestreams
   * index for an hour themselves, so a newer list here may still be older on the daemon.
   */
  ttlMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

export interface ListImagesOptions {
  /** The daemon the images are for: a simplestreams image's fingerprint depends on it (see `imagesFromProducts`). */
  flavour?: ServerKind;
  /** Read the server again even when its list is still fresh. */
  refresh?: boolean;
  /** Stops waiting; a read other callers wait for goes on. */
  signal?: AbortSignal;
}

type Fetched = { kind: 'simplestreams'; products: { url: string; doc: unknown }[] } | { kind: 'lxd'; images: RemoteImage[] };

interface Entry {
  at: number;
  fetched: Promise<Fetched>;
  lists: Map<string, RemoteImage[]>;
}

/**
 * The images of image servers, read once per server and reused for a while: one read serves every
 * caller that asks meanwhile, and a failed read is not kept.
 */
export class ImageServerCatalogue {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: CatalogueOptions = {}) {
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async list(server: ImageServer, opts: ListImagesOptions = {}): Promise<RemoteImage[]> {
    const key = keyOf(server);
    let entry = this.entries.get(key);
    if (!entry || opts.refresh || this.now() - entry.at > this.ttlMs) {
      const created: Entry = { at: this.now(), fetched: this.read(server), lists: new Map() };
      created.fetched.catch(() => this.entries.get(key) === created && this.entries.delete(key));
      this.entries.set(key, created);
      entry = created;
    }
    const fetched = await untilAborted(entry.fetched, opts.signal);
    if (fetched.kind === 'lxd') {
      return fetched.images;
    }
    const flavour = opts.flavour ?? '';
    let list = entry.lists.get(flavour);
    if (!list) {
      list = fetched.products.flatMap((p) => imagesFromProducts(p.doc, p.url, { flavour: opts.flavour }));
      entry.lists.set(flavour, list);
    }
    return list;
  }

  /** Drops what was read from one server, or from all. */
  forget(server?: ImageServer): void {
    if (server) {
      this.entries.delete(keyOf(server));
    } else {
      this.entries.clear();
    }
  }

  private async read(server: ImageServer): Promise<Fetched> {
    const { proxy } = this.options;
    const fetcher = new ImageServerFetcher(server.certificate, { ...this.options, proxy: typeof proxy === 'function' ? proxy() : proxy });
    try {
      const base = baseUrl(server.url);
      if (server.protocol === 'simplestreams') {
        const indexUrl = `${base}/streams/v1/index.json`;
        const paths = productPaths(await getJson(fetcher, indexUrl), indexUrl);
        const products: { url: string; doc: unknown }[] = [];
        for (const p of paths) {
          const url = new URL(p, `${base}/`).toString();
          products.push({ url, doc: await getJson(fetcher, url) });
        }
        return { kind: 'simplestreams', products };
      }
      const query = new URLSearchParams({ recursion: '1', ...(server.project ? { project: server.project } : {}) });
      const url = `${base}/1.0/images?${query}`;
      const res = await fetcher.get(url);
      const reply = parseReply<Image[]>(res.status, { 'content-type': res.contentType }, res.text, {
        method: 'GET',
        path: `/1.0/images?${query}`,
        address: base,
      });
      return { kind: 'lxd', images: imagesFromLxd(Array.isArray(reply.metadata) ? reply.metadata : []) };
    } finally {
      await fetcher.close();
    }
  }
}

async function getJson(fetcher: ImageServerFetcher, url: string): Promise<unknown> {
  const res = await fetcher.get(url);
  if (res.status !== 200) {
    throw new ImageServerError(url, `${url} answered HTTP ${res.status}: is this a simplestreams image server?`);
  }
  try {
    return JSON.parse(res.text) as unknown;
  } catch {
    throw new ImageServerError(url, `${url} is not JSON: is this a simplestreams image server?`);
  }
}

function baseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

function keyOf(server: ImageServer): string {
  return JSON.stringify([
    server.protocol === 'simplestreams' ? 'simplestreams' : 'lxd',
    baseUrl(server.url),
    server.project ?? '',
    server.certificate ?? '',
  ]);
}

function untilAborted<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) {
    return p;
  }
  if (signal.aborted) {
    return Promise.reject(new CancelledError('Reading the image server'));
  }
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError('Reading the image server'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
