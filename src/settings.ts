import * as vscode from 'vscode';

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

/** Every `lxd.*` setting, typed, read in one place. */
export interface Settings {
  connections: ConnectionSetting[];
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

/** Fires when any `lxd.` setting changes, with the new settings. */
export function onDidChangeSettings(listener: (s: Settings, e: vscode.ConfigurationChangeEvent) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('lxd')) {
      listener(settings(), e);
    }
  });
}
