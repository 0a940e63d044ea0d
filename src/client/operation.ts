import type { Operation } from '../generated';
import { callEndpoint } from './endpoint';
import { ApiError, CancelledError, TimeoutError } from './errors';
import { CallOptions, Requester } from './request';

/** Progress as LXD reports it in an operation's metadata. */
export interface Progress {
  /** 0..100 when LXD reports a percentage. */
  percent?: number;
  /** LXD's own words, e.g. `Unpack: 100% (1.65GB/s)`. */
  text: string;
  /** e.g. `create_instance_from_image_unpack`. */
  stage?: string;
}

export interface WaitOptions extends CallOptions {
  /** Called whenever the operation's progress changes. */
  onProgress?: (p: Progress) => void;
  /**
   * When the signal aborts: `true` (default) asks LXD to cancel the operation where LXD allows it
   * (`may_cancel`), then rejects with CancelledError; `false` only stops waiting.
   */
  cancelOnAbort?: boolean;
  /**
   * How long, after an abort, to watch an operation that cannot be cancelled yet for the moment it
   * can (default 0: it is only read again). For operations known to become cancellable: creating
   * an instance from an image server says `may_cancel: false` until its download starts. An
   * operation that ends meanwhile is not watched any longer.
   */
  cancelGraceMs?: number;
}

/** Numeric operation status codes (LXD `shared/api/status_code.go`). */
export const StatusCode = {
  Created: 100,
  Started: 101,
  Stopped: 102,
  Running: 103,
  Cancelling: 104,
  Pending: 105,
  Starting: 106,
  Stopping: 107,
  Aborting: 108,
  Freezing: 109,
  Frozen: 110,
  Thawed: 111,
  Error: 112,
  Ready: 113,
  Success: 200,
  Failure: 400,
  Cancelled: 401,
} as const;

/**
 * A background operation on the daemon (create, start, exec, …). `wait()` resolves with the finished
 * operation, or rejects with an ApiError carrying LXD's `err` text when it failed.
 */
export class OperationHandle {
  constructor(
    private readonly requester: Requester,
    readonly id: string,
    /** The operation as the creating call returned it. */
    readonly initial: Operation,
    private readonly project?: string,
  ) {}

  get(opts: CallOptions = {}): Promise<Operation> {
    return callEndpoint(this.requester, 'GET /1.0/operations/{id}', {
      path: { id: this.id },
      query: { project: this.project },
      ...opts,
    }).then((r) => r.metadata);
  }

  /** Asks LXD to cancel. LXD refuses (400) for operations that cannot be cancelled. */
  async cancel(opts: CallOptions = {}): Promise<void> {
    await callEndpoint(this.requester, 'DELETE /1.0/operations/{id}', { path: { id: this.id }, query: { project: this.project }, ...opts });
  }

  async wait(opts: WaitOptions = {}): Promise<Operation> {
    const started = Date.now();
    const limit = opts.timeoutMs;
    let lastProgress = '';
    const report = (op: Operation): void => {
      const p = progressOf(op);
      if (p && opts.onProgress && p.text !== lastProgress) {
        lastProgress = p.text;
        opts.onProgress(p);
      }
    };
    report(this.initial);
    let latest = this.initial;
    if (!this.id) {
      // A call that completed synchronously (see `completedOperation`): nothing to wait for.
      return this.initial;
    }
    const what = `Operation "${this.initial.description ?? this.id}"`;
    // Progress and cancellation need a short server-side wait; otherwise block in long steps.
    const step = opts.onProgress || opts.signal ? 1 : 30;
    for (;;) {
      const remaining = limit === undefined ? undefined : limit - (Date.now() - started);
      if (remaining !== undefined && remaining <= 0) {
        throw new TimeoutError(what, limit!);
      }
      const seconds = remaining === undefined ? step : Math.max(1, Math.min(step, Math.ceil(remaining / 1000)));
      let op: Operation;
      try {
        op = await this.waitStep(seconds, opts.signal, remaining);
      } catch (e) {
        if (e instanceof TimeoutError) {
          throw new TimeoutError(what, limit!);
        }
        if (e instanceof CancelledError && opts.cancelOnAbort !== false) {
          throw await this.cancelAfterAbort(latest, what, opts.cancelGraceMs ?? 0);
        }
        throw e;
      }
      latest = op;
      report(op);
      if (op.status_code === StatusCode.Success) {
        return op;
      }
      if (op.status_code === StatusCode.Failure) {
        throw new ApiError({ status: 400, lxdMessage: op.err || 'The operation failed', operationId: this.id });
      }
      if (op.status_code === StatusCode.Cancelled) {
        throw new CancelledError(`Operation "${op.description ?? this.id}"`);
      }
    }
  }

  /**
   * Cancels once the caller gave up waiting. A `may_cancel: false` polled last may be stale (an
   * abort can come before the first poll), so the operation is read again; while it runs but
   * cannot be cancelled yet, it is watched for up to `graceMs` for the moment it can.
   */
  private async cancelAfterAbort(latest: Operation, what: string, graceMs: number): Promise<CancelledError> {
    if (
      latest.may_cancel &&
      (await this.cancel().then(
        () => true,
        () => false,
      ))
    ) {
      return new CancelledError(what);
    }
    const until = Date.now() + graceMs;
    // Each look is bounded too: a daemon that stopped answering must not hold the caller.
    const look = (p: Promise<Operation>): Promise<Operation | undefined> => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<undefined>(
        (resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(until - Date.now(), 0) + 2000)),
      );
      return Promise.race([p.catch(() => undefined), late]).finally(() => clearTimeout(timer));
    };
    for (let op = await look(this.get()); op; op = Date.now() < until ? await look(this.fetchWait(1)) : undefined) {
      if (op.status_code === StatusCode.Success || op.status_code === StatusCode.Failure || op.status_code === StatusCode.Cancelled) {
        return new CancelledError(`Waiting for ${what} (it ended as ${op.status} before it could be cancelled)`);
      }
      if (
        op.may_cancel &&
        (await this.cancel().then(
          () => true,
          () => false,
        ))
      ) {
        return new CancelledError(what);
      }
    }
    return new CancelledError(`Waiting for ${what} (LXD cannot cancel it; it goes on in the background)`);
  }

  /**
   * One server-side wait of up to `seconds` (whole seconds: all LXD takes): the operation as it is
   * when the wait ends. An abort, or the caller's time running out after `limitMs`, stops waiting
   * at once but never aborts the request itself: closing a connection in the middle of `/wait` and
   * cancelling the operation right after stalls every new connection to LXD 5.0 and Incus 6.0 for
   * 10 to 30 s (observed on both). The abandoned request ends within its step.
   */
  private waitStep(seconds: number, signal?: AbortSignal, limitMs?: number): Promise<Operation> {
    const step = this.fetchWait(seconds);
    if (!signal && limitMs === undefined) {
      return step;
    }
    step.catch(() => undefined);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(new CancelledError(`Waiting for operation ${this.id}`));
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer =
        limitMs === undefined
          ? undefined
          : setTimeout(() => reject(new TimeoutError(`Waiting for operation ${this.id}`, limitMs)), limitMs);
      step.then(resolve, reject).finally(() => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      });
    });
  }

  private async fetchWait(seconds: number): Promise<Operation> {
    try {
      const r = await callEndpoint(this.requester, 'GET /1.0/operations/{id}/wait', {
        path: { id: this.id },
        query: { timeout: seconds, project: this.project },
        timeoutMs: seconds * 1000 + 30_000,
      });
      return r.metadata;
    } catch (e) {
      if (!(e instanceof ApiError) || e.isNotFound) {
        throw e;
      }
      // LXD answers `/wait` with the operation in every case. Incus 6.0 answers with an error
      // envelope (error_code 500) both when the wait timed out while the operation still runs and
      // when the operation failed: the operation itself says which.
      return this.get().catch(() => Promise.reject(e));
    }
  }
}

/**
 * A handle for a call that a server answered synchronously although others answer it with an
 * operation (the spec's status codes are not reliable across LXD and Incus versions).
 */
export function completedOperation(requester: Requester, metadata: unknown): OperationHandle {
  const now = new Date().toISOString();
  return new OperationHandle(requester, '', {
    id: '',
    class: 'task',
    status: 'Success',
    status_code: StatusCode.Success,
    created_at: now,
    updated_at: now,
    metadata: (metadata ?? null) as Operation['metadata'],
    may_cancel: false,
    err: '',
  } as Operation);
}

/** Reads progress from an operation's metadata, in the newer (`progress`) or older (`*_progress`) form. */
export function progressOf(op: Pick<Operation, 'metadata'>): Progress | undefined {
  const md = op.metadata as Record<string, unknown> | null | undefined;
  if (!md || typeof md !== 'object') {
    return undefined;
  }
  const structured = md.progress as { percent?: string; stage?: string; speed?: string } | undefined;
  const textKey = Object.keys(md).find((k) => k.endsWith('_progress') && typeof md[k] === 'string');
  const text = textKey ? String(md[textKey]) : undefined;
  if (structured && typeof structured === 'object') {
    const percent = structured.percent !== undefined ? Number(structured.percent) : undefined;
    return {
      percent: Number.isFinite(percent) ? percent : undefined,
      stage: structured.stage,
      text: text ?? `${structured.stage ?? 'progress'}: ${structured.percent ?? '?'}%`,
    };
  }
  if (text) {
    const m = /(\d+(?:\.\d+)?)%/.exec(text);
    return { text, percent: m ? Number(m[1]) : undefined };
  }
  return undefined;
}

/**
 * A started operation. Await it for the handle, or call `.wait()` on it directly:
 * `await client.instances.start('c1').wait()`.
 */
export type OperationPromise = Promise<OperationHandle> & {
  wait(opts?: WaitOptions): Promise<Operation>;
};

export function operationPromise(p: Promise<OperationHandle>): OperationPromise {
  const out = p as OperationPromise;
  out.wait = (opts?: WaitOptions) => p.then((h) => h.wait(opts));
  return out;
}

export function isOperationFailure(e: unknown): e is ApiError {
  return e instanceof ApiError && e.operationId !== undefined;
}
