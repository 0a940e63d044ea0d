import * as assert from 'node:assert/strict';
import type { Instance, InstanceFull, Operation } from '../../../src/generated';
import { ApiGroup } from '../../../src/client/api/base';
import { CallInit, route } from '../../../src/client/endpoint';
import { OperationPromise, TransportResponse } from '../../../src/client';

/**
 * What the typed core refuses, checked by the compiler: every `@ts-expect-error` below must meet an
 * error, or `npm run compile` fails with "Unused '@ts-expect-error' directive". The methods never run.
 */
export class RefusedCalls extends ApiGroup {
  pathNotInSpec(): Promise<unknown> {
    // @ts-expect-error: no such endpoint (`instance`, not `instances`)
    return this.sync('GET /1.0/instance/{name}', { path: { name: 'c1' } });
  }

  methodNotInSpec(): Promise<unknown> {
    // @ts-expect-error: the state of an instance is replaced (PUT), never patched
    return this.sync('PATCH /1.0/instances/{name}/state', { path: { name: 'c1' }, body: { action: 'start' } });
  }

  missingPathParameter(): Promise<unknown> {
    // @ts-expect-error: `{name}` needs a value
    return this.sync('GET /1.0/instances/{name}', {});
  }

  misnamedPathParameter(): Promise<unknown> {
    // @ts-expect-error: the template says `{name}`
    return this.sync('GET /1.0/instances/{name}', { path: { instance: 'c1' } });
  }

  queryNotInSpec(): Promise<unknown> {
    // @ts-expect-error: projects are global, their endpoints take no `project`
    return this.sync('GET /1.0/projects/{name}', { path: { name: 'p' }, query: { project: 'p' } });
  }

  fieldNotInBody(): Promise<void> {
    // @ts-expect-error: InstancePut has no `nmae`
    return this.apply('PUT /1.0/instances/{name}', { path: { name: 'c1' }, body: { nmae: 'c2' } });
  }

  wrongValueInBody(): OperationPromise {
    // @ts-expect-error: `reboot` is not an action of InstanceStatePut
    return this.operation('PUT /1.0/instances/{name}/state', { path: { name: 'c1' }, body: { action: 'reboot' } });
  }

  missingBody(): OperationPromise {
    // @ts-expect-error: a snapshot needs its InstanceSnapshotsPost
    return this.operation('POST /1.0/instances/{name}/snapshots', { path: { name: 'c1' } });
  }

  bodyOnGet(): Promise<unknown> {
    // @ts-expect-error: a GET carries no body
    return this.sync('GET /1.0/instances/{name}', { path: { name: 'c1' }, body: { name: 'c1' } });
  }

  objectForList(): Promise<Instance[]> {
    // @ts-expect-error: one instance is an Instance, not a list
    return this.sync('GET /1.0/instances/{name}', { path: { name: 'c1' } });
  }

  urlsForObjects(): Promise<Instance[]> {
    // @ts-expect-error: without recursion the list holds URLs (string[])
    return this.fetchList('GET /1.0/instances', {});
  }

  undocumentedRecursion(): Promise<unknown> {
    // @ts-expect-error: the instance list documents recursion 0, 1 and 2
    return this.fetchList('GET /1.0/instances', { recursion: 3 });
  }

  jsonAsStream(): Promise<TransportResponse> {
    // @ts-expect-error: an instance comes in an envelope, not as raw bytes
    return this.stream('GET /1.0/instances/{name}', { path: { name: 'c1' } });
  }

  /** And what the table gives when the call is right: the reply type follows the recursion level. */
  accepted(): [Promise<string[]>, Promise<Instance[]>, Promise<InstanceFull[]>, Promise<Operation>] {
    return [
      this.fetchList('GET /1.0/instances', {}),
      this.fetchList('GET /1.0/instances', { recursion: 1 }),
      this.fetchList('GET /1.0/instances', { recursion: 2, query: { project: 'p', 'all-projects': false } }),
      this.sync('GET /1.0/operations/{id}', { path: { id: 'x' }, query: { project: 'p' } }),
    ];
  }
}

describe('typed endpoint calls', () => {
  it('take the method and template from the key and fill the template with encoded values', () => {
    const r = route('GET /1.0/instances/{name}/snapshots/{snapshot}', { path: { name: 'web', snapshot: 'snap 1/x?y' } });
    assert.equal(r.method, 'GET');
    assert.equal(r.path, '/1.0/instances/web/snapshots/snap%201%2Fx%3Fy');
  });

  it('send the recursion level in the query, after the query given', () => {
    const r = route('GET /1.0/instances', { query: { project: 'p', 'instance-type': 'container' }, recursion: 2 });
    assert.deepEqual(r.query, { project: 'p', 'instance-type': 'container', recursion: 2 });
    assert.deepEqual(route('GET /1.0/instances', {}).query, { recursion: undefined });
  });

  it('pass the body, raw bytes, ETag, headers and call options through', () => {
    const signal = new AbortController().signal;
    const put = route('PUT /1.0/instances/{name}', { path: { name: 'c1' }, body: { description: 'd' }, etag: 'abc', signal, timeoutMs: 5 });
    assert.deepEqual(
      { method: put.method, body: put.body, etag: put.etag, signal: put.signal, timeoutMs: put.timeoutMs },
      { method: 'PUT', body: { description: 'd' }, etag: 'abc', signal, timeoutMs: 5 },
    );
    const upload = route('POST /1.0/instances/{name}/files', {
      path: { name: 'c1' },
      query: { path: '/tmp/x' },
      raw: 'bytes',
      headers: { 'X-LXD-type': 'file' },
    });
    assert.deepEqual(
      { raw: upload.raw, body: upload.body, headers: upload.headers },
      { raw: 'bytes', body: undefined, headers: { 'X-LXD-type': 'file' } },
    );
  });

  it('refuse to send a call whose path parameter has no value (a caller that cast the types away)', () => {
    const init = { path: {} } as unknown as CallInit<'DELETE /1.0/instances/{name}'>;
    assert.throws(() => route('DELETE /1.0/instances/{name}', init), /DELETE \/1\.0\/instances\/\{name\}: no value for \{name\}/);
  });
});
