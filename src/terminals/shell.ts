/**
 * What "Open Shell" runs: the `lxd.terminal.*` settings, the detected shell, and LXD-UI's per-instance
 * override. Pure logic: no vscode, no client.
 */

/** LXD-UI's instance config key; its value is JSON in LXD-UI's `TerminalConnectPayload` format. */
export const TERMINAL_PAYLOAD_KEY = 'user.ui_terminal_default_payload';

/**
 * LXD-UI's format, e.g.
 * `{"command":"bash -l","environment":[{"key":"TERM","value":"xterm-256color"}],"user":0,"group":0}`.
 * LXD-UI splits `command` on spaces (no quoting), and so do we, so one value means the same to both.
 */
export interface TerminalPayload {
  command?: string[];
  environment?: Record<string, string>;
  user?: number;
  group?: number;
}

/** The settings that shape a shell (`lxd.terminal.*`). */
export interface ShellSettings {
  /** Empty: detect (`bash` when the instance has it, else `sh`). */
  command: string[];
  user: number;
  group: number;
  /** Empty: LXD's default (the user's home for root). */
  cwd: string;
  environment: Record<string, string>;
}

export interface ShellSpec {
  command: string[];
  environment: Record<string, string>;
  user: number;
  group: number;
  cwd?: string;
}

/**
 * Reads LXD-UI's payload from an instance's config. Returns undefined when the key is absent; throws
 * with a readable reason when it is not the JSON LXD-UI writes.
 */
export function parseTerminalPayload(raw: string | undefined): TerminalPayload | undefined {
  if (raw === undefined || raw.trim() === '') {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new Error(`${TERMINAL_PAYLOAD_KEY} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${TERMINAL_PAYLOAD_KEY} must be a JSON object like {"command":"bash -l"}`);
  }
  const v = value as Record<string, unknown>;
  const out: TerminalPayload = {};
  if (typeof v.command === 'string') {
    const words = v.command.split(' ').filter((w) => w !== '');
    if (words.length) {
      out.command = words;
    }
  } else if (Array.isArray(v.command) && v.command.every((w) => typeof w === 'string') && v.command.length) {
    // Not LXD-UI's format, but what the exec API itself takes: accept it rather than fail.
    out.command = v.command as string[];
  } else if (v.command !== undefined) {
    throw new Error(`${TERMINAL_PAYLOAD_KEY}: "command" must be a string such as "bash -l"`);
  }
  if (Array.isArray(v.environment)) {
    out.environment = {};
    for (const entry of v.environment) {
      const e = entry as { key?: unknown; value?: unknown };
      if (typeof e?.key === 'string' && e.key !== '') {
        out.environment[e.key] = typeof e.value === 'string' ? e.value : String(e.value ?? '');
      }
    }
  } else if (v.environment !== undefined) {
    throw new Error(`${TERMINAL_PAYLOAD_KEY}: "environment" must be a list of {"key","value"} pairs`);
  }
  for (const field of ['user', 'group'] as const) {
    const n = v[field];
    if (n === undefined) {
      continue;
    }
    const id = typeof n === 'string' ? Number(n) : n;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      throw new Error(`${TERMINAL_PAYLOAD_KEY}: "${field}" must be a non-negative integer`);
    }
    out[field] = id;
  }
  return out;
}

/** The command that proves bash is there, run non-interactively before the shell opens. */
export const BASH_PROBE = ['sh', '-c', 'command -v bash'];

/** The shell to run when nothing names one: a login bash when the probe found it, else a login sh. */
export function detectedShell(probe: { exitCode: number; stdout: string }): string[] {
  return probe.exitCode === 0 && probe.stdout.trim() !== '' ? ['bash', '-l'] : ['sh', '-l'];
}

/**
 * Settings, then the instance's payload on top (LXD-UI's override wins, field by field). The
 * environment merges; TERM defaults to xterm-256color, which is what the VS Code terminal emulates.
 */
export function shellSpec(settings: ShellSettings, payload: TerminalPayload | undefined, detected: string[] | undefined): ShellSpec {
  const command = payload?.command ?? (settings.command.length ? settings.command : (detected ?? ['sh', '-l']));
  const spec: ShellSpec = {
    command,
    environment: { TERM: 'xterm-256color', ...settings.environment, ...payload?.environment },
    user: payload?.user ?? settings.user,
    group: payload?.group ?? settings.group,
  };
  if (settings.cwd) {
    spec.cwd = settings.cwd;
  }
  return spec;
}

/** Whether the shell still has to be detected (nothing names a command). */
export function needsDetection(settings: ShellSettings, payload: TerminalPayload | undefined): boolean {
  return !payload?.command && settings.command.length === 0;
}
