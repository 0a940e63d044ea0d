import * as vscode from 'vscode';
import type { ImageServerProtocol, ProxySettings } from './client';

/** A connection declared in `lxd.connections`. */
export interface ConnectionSetting {
  name: string;
  socket?: string;
  url?: string;
  clientCertificate?: string;
  clientKey?: string;
  /** `lxd-explorer`: the client certificate "Add Remote" generated, its key in VS Code's secret storage. */
  clientKeySecret?: string;
  serverCertificate?: string;
  serverFingerprint?: string;
  project?: string;
}

/** An image server declared in `lxd.imageServers`. */
export interface ImageServerSetting {
  name: string;
  /** `https://images.example.org`, `https://host:8443` for an LXD / Incus server. */
  url: string;
  /** Default `simplestreams`. */
  protocol?: ImageServerProtocol;
  /** Path of the PEM certificate of a self-signed server. */
  certificate?: string;
  /** The project to read on an LXD / Incus server. */
  project?: string;
}

/** Every `lxd.*` setting, typed, read in one place. */
export interface Settings {
  connections: ConnectionSetting[];
  imageServers: ImageServerSetting[];
  /** VS Code's `http.proxy` and `http.noProxy`, when a proxy is set there (else the environment's applies). */
  proxy?: ProxySettings;
  detectLocal: boolean;
  readCliRemotes: boolean;
  stateConcurrency: number;
  /** `lxd.refresh.debounce`: the period of the refresh throttle (the key keeps its first name, so users' settings keep working). */
  refreshPeriodMs: number;
  stopTimeoutSeconds: number;
  terminal: {
    command: string[];
    user: number;
    group: number;
    cwd: string;
    environment: Record<string, string>;
  };
}

export function settings(): Settings {
  const c = vscode.workspace.getConfiguration('lxd');
  return {
    connections: c.get<ConnectionSetting[]>('connections', []),
    imageServers: c.get<ImageServerSetting[]>('imageServers', []),
    proxy: editorProxy(),
    detectLocal: c.get<boolean>('detectLocal', true),
    readCliRemotes: c.get<boolean>('readCliRemotes', true),
    stateConcurrency: Math.max(1, c.get<number>('instances.stateConcurrency', 8)),
    refreshPeriodMs: Math.max(0, c.get<number>('refresh.debounce', 150)),
    stopTimeoutSeconds: Math.max(1, c.get<number>('stop.timeout', 30)),
    terminal: {
      command: c.get<string[]>('terminal.command', []),
      user: c.get<number>('terminal.user', 0),
      group: c.get<number>('terminal.group', 0),
      cwd: c.get<string>('terminal.cwd', ''),
      environment: c.get<Record<string, string>>('terminal.environment', { TERM: 'xterm-256color' }),
    },
  };
}

function editorProxy(): ProxySettings | undefined {
  const http = vscode.workspace.getConfiguration('http');
  const url = http.get<string>('proxy', '');
  return url ? { url, noProxy: http.get<string[]>('noProxy', []), origin: 'the http.proxy setting' } : undefined;
}

/** Fires when any `lxd.` setting changes, with the new settings. */
export function onDidChangeSettings(listener: (s: Settings, e: vscode.ConfigurationChangeEvent) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('lxd')) {
      listener(settings(), e);
    }
  });
}
