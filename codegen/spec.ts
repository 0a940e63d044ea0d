import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';

/** The subset of Swagger 2.0 that go-swagger writes for LXD and Incus. */
export interface Schema {
  type?: string;
  format?: string;
  title?: string;
  description?: string;
  example?: unknown;
  readOnly?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  $ref?: string;
  enum?: unknown[];
  'x-go-name'?: string;
}

export interface Parameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'body' | 'formData';
  description?: string;
  type?: string;
  format?: string;
  items?: Schema;
  enum?: unknown[];
  /** Body parameters, and (invalid Swagger, LXD only) header parameters. */
  schema?: Schema;
}

export interface Response {
  $ref?: string;
  description?: string;
  schema?: Schema;
  headers?: Record<string, Schema>;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  consumes?: string[];
  produces?: string[];
  parameters?: Parameter[];
  responses: Record<string, Response>;
}

export interface SwaggerDoc {
  swagger: string;
  info?: { title?: string; contact?: { name?: string } };
  definitions: Record<string, Schema>;
  paths: Record<string, Record<string, Operation>>;
  responses?: Record<string, Response>;
}

/** One input spec: which server and version it describes, and where it came from. */
export interface SpecInfo {
  /** File name without `-rest-api.yaml`, e.g. `lxd-5.0`, `incus`: the id used in `servers` lists. */
  id: string;
  product: 'LXD' | 'Incus';
  /** `undefined` for a spec taken from a development branch (newer than every numbered one). */
  version: string | undefined;
  fileName: string;
  sha256: string;
}

export interface LoadedSpec {
  info: SpecInfo;
  doc: SwaggerDoc;
}

export function parseSpec(fileName: string, text: string): LoadedSpec {
  const doc = parse(text) as SwaggerDoc;
  if (doc?.swagger !== '2.0') throw new Error(`${fileName}: not a Swagger 2.0 document`);
  return { info: identifySpec(fileName, createHash('sha256').update(text).digest('hex')), doc };
}

/** The server and version come from the file name, which SOURCES.md fixes: `<lxd|incus>[-<version>]-rest-api.yaml`. */
export function identifySpec(fileName: string, sha256: string): SpecInfo {
  const id = basename(fileName).replace(/(-rest-api)?\.ya?ml$/, '');
  const match = /^(lxd|incus)(?:-(\d+(?:\.\d+)*))?$/.exec(id);
  if (!match) throw new Error(`${fileName}: name it <lxd|incus>[-<version>]-rest-api.yaml so its server is known`);
  return { id, product: match[1] === 'lxd' ? 'LXD' : 'Incus', version: match[2], fileName: basename(fileName), sha256 };
}

export function loadSpec(path: string): LoadedSpec {
  return parseSpec(path, readFileSync(path, 'utf8'));
}

/** LXD before Incus, older before newer, an unnumbered (development) spec last: output must not depend on argument order. */
export function sortSpecs(specs: readonly LoadedSpec[]): LoadedSpec[] {
  return [...specs].sort((a, b) => compareSpecInfo(a.info, b.info));
}

function compareSpecInfo(a: SpecInfo, b: SpecInfo): number {
  if (a.product !== b.product) return a.product === 'LXD' ? -1 : 1;
  if (a.version === b.version) return 0;
  if (a.version === undefined) return 1;
  if (b.version === undefined) return -1;
  const av = a.version.split('.').map(Number);
  const bv = b.version.split('.').map(Number);
  for (let i = 0; i < Math.max(av.length, bv.length); i++) {
    const d = (av[i] ?? 0) - (bv[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
