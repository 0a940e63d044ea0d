import type { SpecInfo } from '../spec';
import type { TypeNode } from '../model';
import { REPLY_KINDS } from './endpoint-parts';
import { METHOD_ORDER, type EndpointNode, type LevelReply, type ParamNode } from './endpoints';
import { jsdoc } from './jsdoc';
import { propertyKey, quote } from './property-name';
import { renderType, type RenderContext } from './render';

/** What the top of endpoints.ts explains to a client author; kept here so it changes with the code that it describes. */
export const ENDPOINTS_OVERVIEW = `/**
 * Every REST endpoint of the input specs, keyed \`'<METHOD> <path template>'\`, e.g. \`'GET /1.0/instances/{name}'\`.
 *
 * - \`endpoints\` (runtime): method, path template, path/query/header parameter names, body kinds, the
 *   recursion levels and untrusted (\`?public\`) levels it documents, how it replies (\`replies\`) and which
 *   servers have it (\`servers\`, ids of \`specs\`).
 * - \`Endpoints\` (types): the same keys with \`pathParams\`, \`query\`, \`headers\`, \`body\` and \`response\`
 *   (the \`metadata\` of the reply per recursion level) as TypeScript types; \`untrusted\` is the reply for an
 *   untrusted client, or \`never\`. Look them up with \`EndpointResponse<'GET /1.0/instances', 1>\` (→ \`Instance[]\`),
 *   \`EndpointBody<K>\`, \`EndpointQuery<K>\`, \`EndpointPathParams<K>\`, \`EndpointHeaders<K>\`.
 *
 * Folding: LXD writes \`?recursion=N\` and \`?public\` variants as separate path keys; here they are one entry
 * whose \`response\` is keyed by the recursion level (send \`?recursion=N\` yourself). Templates use the path
 * parameter names of the newest spec that has the path (LXD 5.0 says \`{name}\` where later specs say \`{poolName}\`).
 *
 * Replies: \`sync\` → \`response\` is the envelope's \`metadata\`; \`empty\` → an EmptySyncResponse, whose metadata is
 * \`{}\` or \`null\`; \`async\` → HTTP 202 whose metadata is an \`Operation\` (what the finished operation's own
 * \`metadata\` holds is not in the specs); \`raw\` → the body is not an envelope (\`'binary'\` bytes, or text for
 * \`/1.0/metrics\`); \`websocket\` / \`upgrade\` → a protocol switch (\`response\` is the message type, or \`'binary'\`
 * for a raw stream such as SFTP). An entry can list several: the specs disagree, or the server decides at run
 * time (\`POST /1.0/certificates\`). The documented status codes are not always right: read the envelope's \`type\`.
 *
 * Bodies: a JSON body is its definition type; \`'binary'\` marks a raw application/octet-stream upload. Header
 * names differ by server (\`X-LXD-uid\` vs \`X-Incus-uid\`): each header's JSDoc says which servers read it.
 */`;

export const ENDPOINT_HELPERS = `/** The reply to an empty sync request: LXD sends \`{}\` or \`null\` as metadata. */
export type EmptyMetadata = Record<string, never> | null;

export type ReplyKind = ${REPLY_KINDS.map((kind) => quote(kind)).join(' | ')};

/** The shape of an entry of \`endpoints\`. */
export interface EndpointInfo {
  readonly method: ${METHOD_ORDER.map((method) => quote(method)).join(' | ')};
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly query: readonly string[];
  readonly headers: readonly string[];
  /** Body types by name; \`'binary'\` for a raw upload; empty when the endpoint takes no body. */
  readonly body: readonly string[];
  readonly recursion: readonly number[];
  /** Recursion levels an untrusted client may use; empty when the endpoint needs a trusted client. */
  readonly untrusted: readonly number[];
  readonly replies: readonly ReplyKind[];
  readonly servers: readonly SpecId[];
  readonly operationIds: readonly string[];
}

export type EndpointKey = keyof Endpoints;
export type EndpointPathParams<K extends EndpointKey> = Endpoints[K]['pathParams'];
export type EndpointQuery<K extends EndpointKey> = Endpoints[K]['query'];
export type EndpointHeaders<K extends EndpointKey> = Endpoints[K]['headers'];
export type EndpointBody<K extends EndpointKey> = Endpoints[K]['body'];
/** The reply metadata of endpoint \`K\` at recursion level \`R\` (0 when omitted); \`never\` for a level it lacks. */
export type EndpointResponse<K extends EndpointKey, R extends number = 0> = R extends keyof Endpoints[K]['response']
  ? Endpoints[K]['response'][R]
  : never;
/** The same for an untrusted client; \`never\` when the endpoint needs trust. */
export type EndpointUntrustedResponse<K extends EndpointKey, R extends number = 0> = R extends keyof Endpoints[K]['untrusted']
  ? Endpoints[K]['untrusted'][R]
  : never;
`;

export function renderSpecTable(specs: readonly SpecInfo[]): string {
  const rows = specs.map(
    (s) =>
      `  ${quote(s.id)}: { product: ${quote(s.product)}, version: ${s.version === undefined ? 'null' : quote(s.version)}, file: ${quote(s.fileName)} },\n`,
  );
  return (
    `/** The specs this file was generated from; \`version: null\` is a development branch, newer than every numbered one. */\n` +
    `export const specs = {\n${rows.join('')}} as const;\n\nexport type SpecId = keyof typeof specs;\n`
  );
}

export function renderEndpointTypes(endpoints: readonly EndpointNode[], ctx: RenderContext): string {
  const entries = endpoints.map((e) => {
    const i = '    ';
    return (
      `${jsdoc(e.doc, ctx.specs, '  ')}  ${quote(e.key)}: {\n` +
      `${i}pathParams: ${renderParams(e.pathParams, ctx, i, false)};\n` +
      `${i}query: ${renderParams(e.query, ctx, i, true)};\n` +
      `${i}headers: ${renderParams(e.headers, ctx, i, true)};\n` +
      `${i}body: ${e.body ? renderType(e.body, ctx, i) : 'never'};\n` +
      `${i}response: ${renderLevels(e.responses, e.servers, ctx, i)};\n` +
      `${i}untrusted: ${e.untrusted.length > 0 ? renderLevels(e.untrusted, e.servers, ctx, i) : 'never'};\n` +
      `  };\n`
    );
  });
  return `export interface Endpoints {\n${entries.join('')}}\n`;
}

function renderParams(params: readonly ParamNode[], ctx: RenderContext, indent: string, optional: boolean): string {
  if (params.length === 0) return 'Record<string, never>';
  const inner = `${indent}  `;
  const lines = params.map(
    (p) => `${jsdoc(p.doc, ctx.specs, inner)}${inner}${propertyKey(p.name)}${optional ? '?' : ''}: ${renderType(p.type, ctx, inner)};\n`,
  );
  return `{\n${lines.join('')}${indent}}`;
}

function renderLevels(levels: readonly LevelReply[], servers: readonly string[], ctx: RenderContext, indent: string): string {
  if (levels.length === 0) return 'Record<number, never>';
  const inner = `${indent}  `;
  const lines = levels.map((l) => {
    const doc = l.servers.length === servers.length ? {} : { servers: l.servers };
    return `${jsdoc(doc, ctx.specs, inner)}${inner}${l.level}: ${renderType(l.type, ctx, inner)};\n`;
  });
  return `{\n${lines.join('')}${indent}}`;
}

export function renderEndpointTable(endpoints: readonly EndpointNode[], ctx: RenderContext): string {
  const entries = endpoints.map((e) => {
    const i = '    ';
    const list = (items: readonly (string | number)[]): string =>
      `[${items.map((x) => (typeof x === 'number' ? String(x) : quote(x))).join(', ')}]`;
    return (
      `  ${quote(e.key)}: {\n` +
      `${i}method: ${quote(e.method)},\n` +
      `${i}path: ${quote(e.path)},\n` +
      `${i}pathParams: ${list(e.pathParams.map((p) => p.name))},\n` +
      `${i}query: ${list(e.query.map((p) => p.name))},\n` +
      `${i}headers: ${list(e.headers.map((p) => p.name))},\n` +
      `${i}body: ${list(e.body ? members(e.body).map((m) => (m.kind === 'binary' ? 'binary' : renderType(m, ctx))) : [])},\n` +
      `${i}recursion: ${list(e.responses.map((l) => l.level))},\n` +
      `${i}untrusted: ${list(e.untrusted.map((l) => l.level))},\n` +
      `${i}replies: ${list(e.replies)},\n` +
      `${i}servers: ${list(e.servers)},\n` +
      `${i}operationIds: ${list(e.operationIds)},\n` +
      `  },\n`
    );
  });
  return `export const endpoints = {\n${entries.join('')}} as const satisfies Record<EndpointKey, EndpointInfo>;\n`;
}

function members(type: TypeNode): TypeNode[] {
  return type.kind === 'union' ? type.members : [type];
}
