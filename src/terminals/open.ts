import * as vscode from 'vscode';
import type { Instance } from '../generated';
import { Connection } from '../connections/connection';
import { ConnectionManager } from '../connections/manager';
import { settings } from '../settings';
import { CommandTerminal } from './commandTerminal';
import { ConsoleTerminal } from './consoleTerminal';
import { BASH_PROBE, TERMINAL_PAYLOAD_KEY, ShellSpec, detectedShell, needsDetection, parseTerminalPayload, shellSpec } from './shell';
import { ShellTarget, ShellTerminal } from './shellTerminal';

export type TerminalKind = 'shell' | 'console' | 'run';

/**
 * `lxd: c1`; the project when it is not `default`, and the server when several are connected, so
 * that terminals on same-named instances stay apart.
 */
export function terminalName(kind: TerminalKind, target: ShellTarget, manager: ConnectionManager): string {
  const prefix = kind === 'shell' ? 'lxd' : kind === 'console' ? 'lxd console' : 'lxd run';
  const instance = target.project === 'default' ? target.instance : `${target.project}/${target.instance}`;
  const several = manager.all.filter((c) => c.status === 'connected').length > 1;
  return `${prefix}: ${instance}${several ? ` @ ${target.connection.name}` : ''}`;
}

/**
 * What the shell runs: settings, LXD-UI's per-instance payload on top, and, when neither names a
 * command, bash if a quick non-interactive probe finds it, else sh.
 */
export async function resolveShell(target: ShellTarget, instance?: Instance): Promise<ShellSpec> {
  const client = target.connection.api(target.project);
  // A tree row keeps only part of the instance (no expanded config): read the whole of it then.
  const config = instance?.expanded_config ? instance : await client.instances.get(target.instance);
  const raw = config.config?.[TERMINAL_PAYLOAD_KEY] ?? config.expanded_config?.[TERMINAL_PAYLOAD_KEY];
  const payload = parseTerminalPayload(raw);
  const s = settings().terminal;
  let detected: string[] | undefined;
  if (needsDetection(s, payload)) {
    const probe = await client.exec.run(target.instance, { command: BASH_PROBE });
    detected = detectedShell({ exitCode: probe.exitCode, stdout: probe.stdout.toString() });
  }
  return shellSpec(s, payload, detected);
}

export function shellTerminalOptions(target: ShellTarget, spec: ShellSpec, manager: ConnectionManager): vscode.ExtensionTerminalOptions {
  const name = terminalName('shell', target, manager);
  return { name, pty: new ShellTerminal(name, target, spec), iconPath: new vscode.ThemeIcon('terminal-linux') };
}

export function openShell(target: ShellTarget, spec: ShellSpec, manager: ConnectionManager): vscode.Terminal {
  const terminal = vscode.window.createTerminal(shellTerminalOptions(target, spec, manager));
  terminal.show();
  return terminal;
}

export function openConsole(target: ShellTarget, manager: ConnectionManager): vscode.Terminal {
  const name = terminalName('console', target, manager);
  const terminal = vscode.window.createTerminal({ name, pty: new ConsoleTerminal(name, target), iconPath: new vscode.ThemeIcon('plug') });
  terminal.show();
  return terminal;
}

export function runInTerminal(target: ShellTarget, commandLine: string, manager: ConnectionManager): vscode.Terminal {
  const name = terminalName('run', target, manager);
  const env = settings().terminal.environment;
  const terminal = vscode.window.createTerminal({
    name,
    pty: new CommandTerminal(name, target, commandLine, env),
    iconPath: new vscode.ThemeIcon('run'),
  });
  terminal.show();
  return terminal;
}

export function targetOf(connection: Connection, project: string, instance: string): ShellTarget {
  return { connection, project, instance };
}
