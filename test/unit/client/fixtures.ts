import type { Operation } from '../../../src/generated';
import type { Envelope } from '../../../src/client/envelope';
import type { RequestContext } from '../../../src/client';

/** Small typed builders for what LXD and Incus send, shaped as observed on the wire. */

export const context: RequestContext = { method: 'GET', path: '/1.0/instances/c1', address: 'unix:/var/lib/lxd/unix.socket' };

export function envelope<T>(fields: Partial<Envelope<T>> & Pick<Envelope<T>, 'type' | 'metadata'>): string {
  const base = { status: '', status_code: 0, operation: '', error_code: 0, error: '' };
  return JSON.stringify({ ...base, ...fields });
}

export function syncBody<T>(metadata: T): string {
  return envelope({ type: 'sync', status: 'Success', status_code: 200, metadata });
}

export function asyncBody(op: Operation, operationUrl = `/1.0/operations/${op.id}`): string {
  return envelope({ type: 'async', status: 'Operation created', status_code: 100, operation: operationUrl, metadata: op });
}

export function errorBody(code: number, message: string): string {
  return envelope({ type: 'error', error_code: code, error: message, metadata: null });
}

export function operation(fields: Partial<Operation> = {}): Operation {
  return {
    id: '0d8817cc-1995-4558-abd4-e1b00c89ef7c',
    class: 'task',
    description: 'Creating instance',
    created_at: '2026-11-25T19:02:46.484129046Z',
    updated_at: '2026-11-25T19:02:46.484129046Z',
    status: 'Running',
    status_code: 103,
    resources: null,
    metadata: null,
    may_cancel: false,
    err: '',
    location: 'none',
    ...fields,
  } as Operation;
}
