/** Query values; `undefined` drops the parameter, booleans are sent as `true` / `false`. */
export type QueryValue = string | number | boolean | undefined;
export type Query = Record<string, QueryValue>;

/**
 * Builds an API path with every interpolated value encoded as one path segment:
 * path`/1.0/instances/${name}/snapshots/${snap}`. A name holding `/` or `?` can never reach another
 * endpoint.
 */
export function path(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  let out = strings[0];
  values.forEach((v, i) => {
    out += encodeURIComponent(String(v)) + strings[i + 1];
  });
  return out;
}

export function withQuery(p: string, query?: Query): string {
  if (!query) {
    return p;
  }
  const params = new URLSearchParams();
  for (const key of Object.keys(query)) {
    const v = query[key];
    if (v !== undefined) {
      params.append(key, String(v));
    }
  }
  const qs = params.toString();
  if (!qs) {
    return p;
  }
  return p + (p.includes('?') ? '&' : '?') + qs;
}

/** `/1.0/instances/c1?project=p` → `c1`: the last path segment of an LXD URL, decoded. */
export function nameFromUrl(url: string): string {
  const p = url.split('?')[0];
  return decodeURIComponent(p.slice(p.lastIndexOf('/') + 1));
}

/** The `project` query parameter of an LXD URL, `undefined` when it names none. */
export function projectFromUrl(url: string): string | undefined {
  const i = url.indexOf('?');
  if (i < 0) {
    return undefined;
  }
  return new URLSearchParams(url.slice(i + 1)).get('project') ?? undefined;
}

/** Removes secrets (websocket `secret=`) from a path before it is logged or put in an error. */
export function redactPath(p: string): string {
  return p.replace(/([?&]secret=)[^&]*/g, '$1***');
}
