/** What `signalOf` needs of a cancellation token (VS Code's, or a test's). */
export interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): unknown;
}

/** A VS Code cancellation token as an AbortSignal for the client. */
export function signalOf(token: CancellationTokenLike): AbortSignal {
  const ctl = new AbortController();
  if (token.isCancellationRequested) {
    ctl.abort();
  } else {
    token.onCancellationRequested(() => ctl.abort());
  }
  return ctl.signal;
}
