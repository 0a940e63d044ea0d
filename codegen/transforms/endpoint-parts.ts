import type { Operation, Parameter, Response, Schema, SwaggerDoc } from '../spec';
import type { TypeNode } from '../model';
import { schemaDoc } from './property';
import { refName } from './ref';
import { schemaToType } from './schema';
import type { ParamNode } from './endpoints';

/** How the server answers, so a client knows what to do with the reply before reading it. */
export const REPLY_KINDS = ['sync', 'empty', 'async', 'raw', 'websocket', 'upgrade'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

export interface Reply {
  kind: ReplyKind;
  type: TypeNode;
}

export const EMPTY_METADATA: TypeNode = { kind: 'ref', name: 'EmptyMetadata' };
const OPERATION: TypeNode = { kind: 'ref', name: 'Operation' };

/**
 * What a 2xx/101 response means, read from what it contains rather than from its status code (the codes
 * are sometimes wrong, e.g. LXD's `POST /1.0/networks/{name}/peers` documents an EmptySyncResponse as 202):
 *   - 101, or a 200 described as a websocket (LXD's `/1.0/events`): a protocol switch;
 *   - an envelope with `metadata`: its type; `async` when the code is 202 (the Operation response);
 *   - an envelope without `metadata` (EmptySyncResponse): `empty`;
 *   - a bare `$ref` to a definition (LXD 5.19 / Incus storage bucket creation, invalid Swagger): sync;
 *   - a bare `type: string` (`/1.0/metrics`, text/plain): raw text; no schema at all: raw bytes.
 */
export function classifyReply(code: string, response: Response, doc: SwaggerDoc): Reply {
  if (response.$ref?.startsWith('#/definitions/')) return { kind: 'sync', type: schemaToType({ $ref: response.$ref }) };
  const resolved = response.$ref ? doc.responses?.[refName(response.$ref)] : response;
  if (!resolved) throw new Error(`unresolved response ${response.$ref}`);
  const schema = resolved.schema;
  const isWebsocket = /websocket/i.test(resolved.description ?? '');
  if (code === '101' || isWebsocket) {
    const type: TypeNode = schema ? schemaToType(schema) : isWebsocket ? { kind: 'unknown' } : { kind: 'binary' };
    return { kind: isWebsocket ? 'websocket' : 'upgrade', type };
  }
  if (!schema) return { kind: 'raw', type: { kind: 'binary' } };
  if (schema.properties) {
    const metadata = schema.properties.metadata;
    if (!metadata) return { kind: 'empty', type: EMPTY_METADATA };
    return code === '202' ? { kind: 'async', type: OPERATION } : { kind: 'sync', type: schemaToType(metadata) };
  }
  return { kind: 'raw', type: schemaToType(schema) };
}

export function successReplies(op: Operation, doc: SwaggerDoc): Reply[] {
  return Object.entries(op.responses)
    .filter(([code]) => code === '101' || /^2\d\d$/.test(code))
    .map(([code, response]) => classifyReply(code, response, doc));
}

/**
 * A body parameter without a schema is a raw upload (`raw_backup`, `raw_image`, `raw_file`); so is Incus's
 * `type: string` body on an operation that consumes application/octet-stream (file push). Two body
 * parameters (`POST /1.0/instances`, `POST /1.0/images`: JSON or a raw tarball) become a union.
 */
export function bodyTypes(op: Operation): TypeNode[] {
  const octet = (op.consumes ?? []).includes('application/octet-stream');
  return (op.parameters ?? [])
    .filter((param) => param.in === 'body')
    .map((param): TypeNode => {
      if (!param.schema || (octet && param.schema.type === 'string')) return { kind: 'binary' };
      return schemaToType(param.schema);
    });
}

/**
 * Query and header parameters. LXD nests a header's type under `schema` (invalid Swagger 2); Incus writes it
 * inline. An `enum` (Incus console `type`) gives literals.
 */
export function paramNode(param: Parameter): ParamNode {
  const schema: Schema = param.schema ?? { type: param.type, format: param.format, items: param.items };
  const values = (param.enum ?? []).filter((v): v is string => typeof v === 'string');
  const type: TypeNode = values.length > 0 ? { kind: 'literals', values, open: false } : schemaToType(schema);
  return { name: param.name, type, doc: schemaDoc({ description: param.description, format: schema.format }, undefined) };
}
