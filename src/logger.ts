import * as vscode from 'vscode';
import type { RequestTrace } from './client';
import { eventTime } from './live/eventLines';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's one log: created at activation, never steals focus. */
export function initLogger(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  channel = vscode.window.createOutputChannel('LXD', { log: true });
  context.subscriptions.push(channel);
  return channel;
}

export function log(): vscode.LogOutputChannel {
  if (!channel) {
    throw new Error('logger used before activation');
  }
  return channel;
}

/** Whether trace lines are wanted (Developer: Set Log Level… → Trace, or code-server's `--log trace`). */
export function tracing(): boolean {
  return channel !== undefined && channel.logLevel <= vscode.LogLevel.Trace;
}

/**
 * Traces one request: method, path (secrets already redacted by the client), status, when it was
 * sent and how long it took. The time is written in the line: VS Code stamps the lines a log
 * channel takes before its file is open with the time it opened.
 */
export function traceRequest(connection: string, t: RequestTrace): void {
  if (!tracing()) {
    return;
  }
  const status = t.status ?? (t.error ? 'failed' : '-');
  const retry = t.attempt > 0 ? ` (retry ${t.attempt})` : '';
  const sent = eventTime(new Date(Date.now() - t.durationMs).toISOString());
  channel!.trace(
    `[${connection}] ${t.method} ${t.path} → ${status} in ${t.durationMs} ms, sent at ${sent}${retry}${t.error ? `: ${t.error}` : ''}`,
  );
}

/** Traces `what`, followed by the time it is written (see traceRequest for why). */
export function traceAt(what: string): void {
  if (tracing()) {
    channel!.trace(`${what} at ${eventTime(new Date().toISOString())}`);
  }
}
