import type { LoadedSpec, Operation, SwaggerDoc } from '../spec';
import { compareStrings, groupBy, STRING, type Doc, type TypeNode } from '../model';
import { bodyTypes, paramNode, REPLY_KINDS, successReplies, type ReplyKind } from './endpoint-parts';
import { mergeTypes, withServers } from './merge';

export interface ParamNode {
  name: string;
  type: TypeNode;
  doc: Doc;
}

export interface LevelReply {
  level: number;
  type: TypeNode;
  servers: string[];
}

/** One method on one path template, folded over its `?recursion=N` / `?public` variants and over the specs. */
export interface EndpointNode {
  key: string;
  method: string;
  path: string;
  pathParams: ParamNode[];
  query: ParamNode[];
  headers: ParamNode[];
  body: TypeNode | undefined;
  /** Reply type per recursion level, for a trusted client. */
  responses: LevelReply[];
  /** The same for an untrusted client, from the `?public` variants; empty when the endpoint needs trust. */
  untrusted: LevelReply[];
  replies: ReplyKind[];
  servers: string[];
  operationIds: string[];
  doc: Doc;
}

/** One operation of one spec, with its path key split into template and variant. */
interface Variant {
  specId: string;
  method: string;
  template: string;
  recursion: number;
  untrusted: boolean;
  op: Operation;
  doc: SwaggerDoc;
}

export const METHOD_ORDER: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** `/1.0/storage-pools/{name}` and `/1.0/storage-pools/{poolName}` are one path: LXD 5.0 used other names. */
const shape = (template: string): string => template.replace(/\{[^}]+\}/g, '{}');

/**
 * LXD writes collection variants as separate path keys with a query string (`/1.0/instances?recursion=1`,
 * `/1.0/images?public&recursion=1`) and declares neither `recursion` nor path parameters. Splitting the key
 * gives the template, the recursion level and whether it is the untrusted (`?public`) variant.
 */
export function splitPathKey(key: string): { template: string; recursion: number; untrusted: boolean } {
  const [template, query] = key.split('?', 2);
  let recursion = 0;
  let untrusted = false;
  for (const flag of query ? query.split('&') : []) {
    const level = /^recursion=(\d+)$/.exec(flag);
    if (level) recursion = Number(level[1]);
    else if (flag === 'public') untrusted = true;
    else throw new Error(`path key ${key}: unknown variant "${flag}"; teach splitPathKey what it means`);
  }
  return { template, recursion, untrusted };
}

function variantsOf(spec: LoadedSpec): Variant[] {
  const variants: Variant[] = [];
  for (const [key, item] of Object.entries(spec.doc.paths)) {
    const { template, recursion, untrusted } = splitPathKey(key);
    for (const [method, op] of Object.entries(item)) {
      if (!METHOD_ORDER.includes(method.toUpperCase())) continue;
      variants.push({ specId: spec.info.id, method: method.toUpperCase(), template, recursion, untrusted, op, doc: spec.doc });
    }
  }
  return variants;
}

/** Specs must arrive sorted old → new: the newest spec names the path parameters and writes the docs. */
export function foldEndpoints(specs: readonly LoadedSpec[]): EndpointNode[] {
  const allIds = specs.map((spec) => spec.info.id);
  const variants = specs.flatMap(variantsOf);
  const templates = new Map(variants.map((variant) => [shape(variant.template), variant.template]));
  const groups = groupBy(variants, (variant) => `${variant.method} ${shape(variant.template)}`);
  const endpoints = [...groups.values()].map((variants) => foldGroup(variants, templates.get(shape(variants[0].template)) ?? '', allIds));
  return endpoints.sort((a, b) => compareStrings(a.path, b.path) || METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method));
}

function foldGroup(variants: Variant[], template: string, allIds: readonly string[]): EndpointNode {
  const method = variants[0].method;
  const servers = unique(variants.map((v) => v.specId));
  const main = [...variants].reverse().find((v) => !v.untrusted && v.recursion === 0) ?? variants[variants.length - 1];
  const bodies = variants.flatMap((v) => bodyTypes(v.op));
  const replies = variants.flatMap((v) => successReplies(v.op, v.doc).map((reply) => ({ variant: v, reply })));
  return {
    key: `${method} ${template}`,
    method,
    path: template,
    pathParams: pathParams(template, variants),
    query: mergeParams(variants, 'query', servers),
    headers: mergeParams(variants, 'header', servers),
    body: bodies.length > 0 ? bodies.reduce(mergeTypes) : undefined,
    responses: levelReplies(replies.filter((r) => !r.variant.untrusted)),
    untrusted: levelReplies(replies.filter((r) => r.variant.untrusted)),
    replies: REPLY_KINDS.filter((kind) => replies.some((r) => r.reply.kind === kind)),
    servers,
    operationIds: unique(variants.map((v) => v.op.operationId ?? '').filter(Boolean)).sort(compareStrings),
    doc: withServers({ title: main.op.summary, description: main.op.description }, servers, allIds),
  };
}

/** Names come from the template; descriptions from the specs that declare path parameters (Incus). */
function pathParams(template: string, variants: readonly Variant[]): ParamNode[] {
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  return names.map((name) => {
    const declared = variants.flatMap((v) => v.op.parameters ?? []).filter((p) => p.in === 'path' && p.name === name);
    const description = declared[declared.length - 1]?.description;
    return { name, type: STRING, doc: description ? { description } : {} };
  });
}

function mergeParams(variants: readonly Variant[], where: 'query' | 'header', endpointServers: readonly string[]): ParamNode[] {
  const found = groupBy(
    variants.flatMap((v) =>
      (v.op.parameters ?? [])
        .filter((p) => p.in === where)
        .map((param) => ({ specId: v.specId, untrusted: v.untrusted, node: paramNode(param) })),
    ),
    (f) => f.node.name,
  );
  return [...found.entries()]
    .map(([name, list]): ParamNode => {
      const newest = list[list.length - 1].node;
      const notes = list.every((f) => f.untrusted) ? ['Only for untrusted (public) access.'] : [];
      const doc = withServers(
        { ...newest.doc, ...(notes.length > 0 ? { notes } : {}) },
        unique(list.map((f) => f.specId)),
        endpointServers,
      );
      return { name, type: list.map((f) => f.node.type).reduce(mergeTypes), doc };
    })
    .sort((a, b) => compareStrings(a.name, b.name));
}

function levelReplies(replies: readonly { variant: Variant; reply: { type: TypeNode } }[]): LevelReply[] {
  const levels = unique(replies.map((r) => r.variant.recursion)).sort((a, b) => a - b);
  return levels.map((level) => {
    const atLevel = replies.filter((r) => r.variant.recursion === level);
    return { level, type: atLevel.map((r) => r.reply.type).reduce(mergeTypes), servers: unique(atLevel.map((r) => r.variant.specId)) };
  });
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
