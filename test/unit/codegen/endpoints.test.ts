import * as assert from 'node:assert/strict';
import type { Operation, Response } from '../../../codegen/spec';
import { foldEndpoints, splitPathKey, type EndpointNode } from '../../../codegen/transforms/endpoints';
import { renderEndpointTable, renderEndpointTypes } from '../../../codegen/transforms/endpoints-render';
import { fixtureSpec, specInfo } from './fixtures';

const sync = (metadata: object): Response => ({
  description: 'API endpoints',
  schema: { type: 'object', properties: { type: { type: 'string' }, metadata } },
});
const OPERATION: Response = { $ref: '#/responses/Operation' };
const EMPTY: Response = { $ref: '#/responses/EmptySyncResponse' };
const RESPONSES: Record<string, Response> = {
  Operation: { description: 'Operation', schema: { type: 'object', properties: { metadata: { $ref: '#/definitions/Operation' } } } },
  EmptySyncResponse: { description: 'Empty sync response', schema: { type: 'object', properties: { type: { type: 'string' } } } },
};
const op = (operationId: string, responses: Record<string, Response>, extra: Partial<Operation> = {}): Operation => ({
  operationId,
  responses,
  ...extra,
});
const PROJECT = { name: 'project', in: 'query' as const, type: 'string', description: 'Project name' };

/** LXD style: variants as path keys, no path parameters, header types under `schema`, two bodies. */
const LXD = fixtureSpec('lxd-5.0', {
  responses: RESPONSES,
  paths: {
    '/1.0': { get: op('server_get', { '200': sync({ $ref: '#/definitions/Server' }) }) },
    '/1.0?public': { get: op('server_get_untrusted', { '200': sync({ $ref: '#/definitions/ServerUntrusted' }) }) },
    '/1.0/instances': {
      get: op('instances_get', { '200': sync({ type: 'array', items: { type: 'string' } }) }, { parameters: [PROJECT] }),
      post: op(
        'instances_post',
        { '202': OPERATION },
        {
          parameters: [
            { name: 'instance', in: 'body', schema: { $ref: '#/definitions/InstancesPost' } },
            { name: 'raw_backup', in: 'body', description: 'Raw backup file' },
          ],
        },
      ),
    },
    '/1.0/instances?recursion=1': {
      get: op('instances_get_recursion1', { '200': sync({ type: 'array', items: { $ref: '#/definitions/Instance' } }) }),
    },
    '/1.0/instances?recursion=2': {
      get: op('instances_get_recursion2', { '200': sync({ type: 'array', items: { $ref: '#/definitions/InstanceFull' } }) }),
    },
    '/1.0/instances/{name}/files': {
      post: op(
        'instance_files_post',
        { '200': EMPTY },
        {
          consumes: ['application/octet-stream'],
          parameters: [
            { name: 'raw_file', in: 'body', description: 'Raw file content' },
            { name: 'X-LXD-uid', in: 'header', description: 'File owner UID', schema: { type: 'integer' } },
          ],
        },
      ),
    },
    '/1.0/storage-pools/{name}': { get: op('storage_pool_get', { '200': sync({ $ref: '#/definitions/StoragePool' }) }) },
  },
});

/** Incus style: declared path parameters with other names, inline header types, a schema'd raw body. */
const INCUS = fixtureSpec('incus', {
  responses: RESPONSES,
  paths: {
    '/1.0/instances/{name}/files': {
      post: op(
        'instance_files_post',
        { '200': EMPTY },
        {
          consumes: ['application/octet-stream'],
          parameters: [
            { name: 'name', in: 'path', type: 'string', description: 'Instance name' },
            { name: 'raw_file', in: 'body', schema: { type: 'string' } },
            { name: 'X-Incus-uid', in: 'header', type: 'integer', description: 'File owner UID' },
          ],
        },
      ),
    },
    '/1.0/storage-pools/{poolName}': {
      get: op(
        'storage_pool_get',
        { '200': sync({ $ref: '#/definitions/StoragePool' }) },
        { parameters: [{ name: 'poolName', in: 'path', type: 'string', description: 'Storage pool name' }] },
      ),
      // Duplicate operationId, as LXD main has: endpoints are keyed by method and path, so both survive.
      post: op('storage_pool_get', { '201': EMPTY, '202': OPERATION }),
    },
    '/1.0/instances/{name}/sftp': { get: op('instance_sftp', { '101': { description: 'Switching protocols to SFTP' } }) },
  },
});

function fold(): EndpointNode[] {
  return foldEndpoints([LXD, INCUS]);
}

/** One entry of a rendered table, with the JSDoc block right above it. */
function entry(text: string, key: string): string {
  const lines = text.split('\n');
  let start = lines.indexOf(`  '${key}': {`);
  assert.ok(start >= 0, `no entry ${key}`);
  const end = lines.findIndex((line, i) => i > start && /^ {2}\}[;,]$/.test(line));
  if (lines[start - 1]?.endsWith('*/')) {
    while (!lines[start - 1].startsWith('  /**')) start--;
    start--;
  }
  return `${lines.slice(start, end + 1).join('\n')}\n`;
}

const ctx = { specs: [specInfo('lxd-5.0'), specInfo('incus')] };

describe('codegen: endpoint table', () => {
  const keys: [key: string, wanted: ReturnType<typeof splitPathKey>][] = [
    ['/1.0/instances', { template: '/1.0/instances', recursion: 0, untrusted: false }],
    ['/1.0/instances?recursion=2', { template: '/1.0/instances', recursion: 2, untrusted: false }],
    ['/1.0/images?public&recursion=1', { template: '/1.0/images', recursion: 1, untrusted: true }],
    ['/1.0?public', { template: '/1.0', recursion: 0, untrusted: true }],
  ];
  for (const [key, wanted] of keys) {
    it(`splits the path key ${key}`, () => assert.deepEqual(splitPathKey(key), wanted));
  }
  it('refuses a path-key variant it does not know', () => assert.throws(() => splitPathKey('/1.0/x?bogus'), /unknown variant "bogus"/));

  const types: [label: string, key: string, wanted: string][] = [
    [
      'folds recursion variants into one entry, keyed by level',
      'GET /1.0/instances',
      "  /** Servers: LXD only. */\n  'GET /1.0/instances': {\n    pathParams: Record<string, never>;\n    query: {\n      /** Project name */\n      project?: string;\n    };\n" +
        '    headers: Record<string, never>;\n    body: never;\n    response: {\n      0: string[];\n      1: Instance[];\n      2: InstanceFull[];\n    };\n    untrusted: never;\n  };\n',
    ],
    [
      'folds ?public into the untrusted reply',
      'GET /1.0',
      "  /** Servers: LXD only. */\n  'GET /1.0': {\n    pathParams: Record<string, never>;\n    query: Record<string, never>;\n    headers: Record<string, never>;\n    body: never;\n" +
        '    response: {\n      0: Server;\n    };\n    untrusted: {\n      0: ServerUntrusted;\n    };\n  };\n',
    ],
    [
      'makes two body parameters a union with the raw upload',
      'POST /1.0/instances',
      "  /** Servers: LXD only. */\n  'POST /1.0/instances': {\n    pathParams: Record<string, never>;\n    query: Record<string, never>;\n    headers: Record<string, never>;\n" +
        "    body: InstancesPost | 'binary';\n    response: {\n      0: Operation;\n    };\n    untrusted: never;\n  };\n",
    ],
    [
      'derives path parameters from the template, takes header types from either style and says which server reads each header',
      'POST /1.0/instances/{name}/files',
      "  'POST /1.0/instances/{name}/files': {\n    pathParams: {\n      /** Instance name */\n      name: string;\n    };\n    query: Record<string, never>;\n" +
        "    headers: {\n      /**\n       * File owner UID\n       *\n       * Servers: Incus only.\n       */\n      'X-Incus-uid'?: number;\n" +
        "      /**\n       * File owner UID\n       *\n       * Servers: LXD only.\n       */\n      'X-LXD-uid'?: number;\n    };\n" +
        "    body: 'binary';\n    response: {\n      0: EmptyMetadata;\n    };\n    untrusted: never;\n  };\n",
    ],
    [
      'names path parameters as the newest spec does and marks an Incus-only endpoint',
      'POST /1.0/storage-pools/{poolName}',
      "  /** Servers: Incus only. */\n  'POST /1.0/storage-pools/{poolName}': {\n    pathParams: {\n      poolName: string;\n    };\n" +
        '    query: Record<string, never>;\n    headers: Record<string, never>;\n    body: never;\n    response: {\n      0: EmptyMetadata | Operation;\n    };\n    untrusted: never;\n  };\n',
    ],
  ];
  for (const [label, key, wanted] of types) {
    it(label, () => assert.equal(entry(renderEndpointTypes(fold(), ctx), key), wanted));
  }

  it('lists runtime facts: levels, reply kinds, servers and every operationId', () => {
    const table = renderEndpointTable(fold(), ctx);
    assert.equal(
      entry(table, 'GET /1.0/storage-pools/{poolName}').replace(/\n {4}/g, ' '),
      "  'GET /1.0/storage-pools/{poolName}': { method: 'GET', path: '/1.0/storage-pools/{poolName}', pathParams: ['poolName'], query: [], headers: [], body: []," +
        " recursion: [0], untrusted: [], replies: ['sync'], servers: ['lxd-5.0', 'incus'], operationIds: ['storage_pool_get'],\n  },\n",
    );
    assert.match(entry(table, 'GET /1.0'), /untrusted: \[0\],/);
    assert.match(entry(table, 'GET /1.0/instances/{name}/sftp'), /replies: \['upgrade'\],\n {4}servers: \['incus'\]/);
    assert.match(entry(table, 'POST /1.0/instances'), /body: \['InstancesPost', 'binary'\]/);
  });
});
