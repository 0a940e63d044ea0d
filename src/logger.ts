import * as vscode from 'vscode';
import type { RequestTrace } from './client';

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

/** Traces one request: method, path (secrets already redacted by the client), status, duration. */
export function traceRequest(connection: string, t: RequestTrace): void {
  const ch = channel;
  if (!ch || ch.logLevel > vscode.LogLevel.Trace) {
    return;
  }
  const status = t.status ?? (t.error ? 'failed' : '-');
  const retry = t.attempt > 0 ? ` (retry ${t.attempt})` : '';
  ch.trace(`[${connection}] ${t.method} ${t.path} → ${status} in ${t.durationMs} ms${retry}${t.error ? `: ${t.error}` : ''}`);
}
