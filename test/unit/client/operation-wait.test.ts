import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { Operation } from '../../../src/generated';
import {
  ApiError,
  CancelledError,
  OperationHandle,
  TimeoutError,
  Transport,
  TransportRequest,
  TransportResponse,
} from '../../../src/client';
import { Requester } from '../../../src/client/request';
import { errorBody, operation, syncBody } from './fixtures';

type Reply = { status: number; body: string };

/** A transport that answers from a script and records what was asked (and whether it was aborted). */
class ScriptedTransport implements Transport {
  readonly kind = 'unix' as const;
  readonly address = 'unix:/test.socket';
  readonly asked: { method: string; path: string; aborted: () => boolean }[] = [];

  constructor(private readonly answer: (req: TransportRequest) => Reply | Promise<Reply>) {}

  async request(req: TransportRequest): Promise<TransportResponse> {
    this.asked.push({ method: req.method, path: req.path, aborted: () => !!req.signal?.aborted });
    const { status, body } = await this.answer(req);
    const stream = Readable.from([Buffer.from(body)]) as TransportResponse['body'];
    stream.text = async () => body;
    stream.arrayBuffer = async () => new TextEncoder().encode(body).buffer as ArrayBuffer;
    stream.dump = async () => undefined;
    return { status, headers: {}, body: stream };
  }

  websocket(): never {
    throw new Error('no websockets here');
  }

  upgrade(): never {
    throw new Error('no upgrades here');
  }

  async close(): Promise<void> {}
}

const running = operation({ status: 'Running', status_code: 103 });

/** Replies that never come while a test runs; answered afterwards, so no request timer outlives it. */
const unanswered = new Set<(r: Reply) => void>();
const noAnswer = (): Promise<Reply> => new Promise<Reply>((resolve) => unanswered.add(resolve));
const as = (fields: Partial<Operation>): Reply => ({ status: 200, body: syncBody(operation(fields)) });
const handleOn = (transport: Transport, initial: Operation = running): OperationHandle =>
  new OperationHandle(new Requester(transport), initial.id!, initial);
const isWait = (req: TransportRequest): boolean => req.path.includes('/wait');
const isWaitAsked = (r: { path: string }): boolean => r.path.includes('/wait');
/** The wait the caller is in never ends (so only the abort ends it); every later request gets `answer`. */
const firstWaitHangs = (answer: (req: TransportRequest) => Reply): ((req: TransportRequest) => Reply | Promise<Reply>) => {
  let waits = 0;
  return (req) => (isWait(req) && ++waits === 1 ? noAnswer() : answer(req));
};

describe('client: waiting for an operation', () => {
  afterEach(() => {
    unanswered.forEach((answer) => answer({ status: 200, body: syncBody(running) }));
    unanswered.clear();
  });

  it('keeps waiting when Incus answers a wait that timed out with an error envelope, until the operation is done', async () => {
    let waits = 0;
    const t = new ScriptedTransport((req) => {
      if (isWait(req)) {
        waits++;
        // Incus 6.0: HTTP 200 with an error envelope while the operation still runs.
        return waits < 3 ? { status: 200, body: errorBody(500, 'context deadline exceeded') } : as({ status: 'Success', status_code: 200 });
      }
      return as({ status: 'Running', status_code: 103 });
    });
    const done = await handleOn(t).wait();
    assert.equal(done.status, 'Success');
    assert.equal(waits, 3);
  });

  it('reports a failed operation with its text and id, whether /wait shows the failure (LXD) or answers an error (Incus)', async () => {
    const failed = operation({ status: 'Failure', status_code: 400, err: 'Image with same fingerprint already exists' });
    const lxd = new ScriptedTransport(() => ({ status: 200, body: syncBody(failed) }));
    const incus = new ScriptedTransport((req) =>
      isWait(req) ? { status: 200, body: errorBody(500, failed.err!) } : { status: 200, body: syncBody(failed) },
    );
    for (const t of [lxd, incus]) {
      await assert.rejects(
        handleOn(t).wait(),
        (e: unknown) => e instanceof ApiError && e.operationId === failed.id && e.message === failed.err,
      );
    }
  });

  it('passes on an error about the operation itself, such as not found', async () => {
    const t = new ScriptedTransport(() => ({ status: 404, body: errorBody(404, 'Operation not found') }));
    await assert.rejects(handleOn(t).wait(), (e: unknown) => e instanceof ApiError && e.isNotFound);
  });

  it('on abort, cancels a cancellable operation without closing the pending wait request', async () => {
    let cancel!: () => void;
    const cancelled = new Promise<void>((resolve) => (cancel = resolve));
    const t = new ScriptedTransport(async (req) => {
      if (req.method === 'DELETE') {
        cancel();
        return { status: 200, body: syncBody({}) };
      }
      await cancelled;
      return as({ status: 'Cancelled', status_code: 401 });
    });
    const ac = new AbortController();
    const waiting = handleOn(t, operation({ may_cancel: true })).wait({ signal: ac.signal });
    setTimeout(() => ac.abort(), 10);
    await assert.rejects(waiting, (e: unknown) => e instanceof CancelledError && !/cannot cancel/.test(e.message));
    const wait = t.asked.find((r) => r.path.includes('/wait'))!;
    assert.equal(wait.aborted(), false, 'the wait request was left to finish');
    assert.ok(t.asked.some((r) => r.method === 'DELETE'));
  });

  it('on abort, only stops waiting for an operation that may not be cancelled, and says so', async () => {
    const t = new ScriptedTransport(firstWaitHangs(() => as({ may_cancel: false })));
    const ac = new AbortController();
    const started = Date.now();
    const waiting = handleOn(t).wait({ signal: ac.signal });
    setTimeout(() => ac.abort(), 10);
    await assert.rejects(waiting, (e: unknown) => e instanceof CancelledError && /cannot cancel it/.test(e.message));
    assert.ok(Date.now() - started < 500, 'read once, at once');
    assert.ok(!t.asked.some((r) => r.method === 'DELETE'), 'no cancel request');
  });

  it('on abort before the first poll, reads the operation again and cancels it when it now may be cancelled (a download that started)', async () => {
    const t = new ScriptedTransport((req) => {
      if (req.method === 'DELETE') {
        return { status: 200, body: syncBody({}) };
      }
      return isWait(req) ? noAnswer() : as({ may_cancel: true, metadata: { download_progress: 'rootfs: 3% (1.00MB/s)' } });
    });
    const ac = new AbortController();
    ac.abort();
    // Created with may_cancel false, as a create from an image server is.
    await assert.rejects(
      handleOn(t).wait({ signal: ac.signal }),
      (e: unknown) => e instanceof CancelledError && !/cannot cancel/.test(e.message),
    );
    assert.deepEqual(
      t.asked.filter((r) => !isWaitAsked(r)).map((r) => r.method),
      ['GET', 'DELETE'],
    );
  });

  it('on abort, watches an operation that cannot be cancelled yet (for the grace given) and cancels it as soon as it can', async () => {
    let looks = 0;
    const t = new ScriptedTransport(
      firstWaitHangs((req) => {
        if (req.method === 'DELETE') {
          return { status: 200, body: syncBody({}) };
        }
        looks++;
        return as({ may_cancel: looks >= 3 });
      }),
    );
    const ac = new AbortController();
    const waiting = handleOn(t).wait({ signal: ac.signal, cancelGraceMs: 5000 });
    setTimeout(() => ac.abort(), 10);
    await assert.rejects(waiting, (e: unknown) => e instanceof CancelledError && !/cannot cancel/.test(e.message));
    assert.equal(looks, 3);
    assert.ok(t.asked.some((r) => r.method === 'DELETE'));
  });

  it('on abort, says so when the operation ended before it could be cancelled', async () => {
    const t = new ScriptedTransport(firstWaitHangs(() => as({ status: 'Success', status_code: 200 })));
    const ac = new AbortController();
    const waiting = handleOn(t).wait({ signal: ac.signal, cancelGraceMs: 5000 });
    setTimeout(() => ac.abort(), 10);
    await assert.rejects(
      waiting,
      (e: unknown) => e instanceof CancelledError && /ended as Success before it could be cancelled/.test(e.message),
    );
    assert.ok(!t.asked.some((r) => r.method === 'DELETE'));
  });

  it('gives up at timeoutMs, not at the next whole second of the server-side wait', async () => {
    const t = new ScriptedTransport(noAnswer);
    const started = Date.now();
    await assert.rejects(handleOn(t).wait({ timeoutMs: 80 }), (e: unknown) => e instanceof TimeoutError && e.timeoutMs === 80);
    assert.ok(Date.now() - started < 500);
    assert.ok(t.asked[0].path.includes('timeout=1'), 'LXD takes whole seconds');
  });
});
