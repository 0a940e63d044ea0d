import * as vscode from 'vscode';
import { log } from '../logger';
import { BatchedWriter, exitLine } from './output';
import { describeError } from '../views/format';

export interface Size {
  columns: number;
  rows: number;
}

/** How long to wait for VS Code to tell the panel's size before starting with 80×24. */
const SIZE_WAIT_MS = 1000;

/**
 * A VS Code terminal backed by a remote session (a shell, a console, a command). The session
 * starts only once the panel's size is known, so the remote side sees the right size from its first
 * byte. When the session ends with code 0 the terminal closes, as VS Code's own shells do; any
 * other end (an exit code, a lost daemon) stays on screen with the reason until a key is pressed,
 * as VS Code's tasks do.
 */
export abstract class RemoteTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  protected readonly out = new BatchedWriter((t) => this.writeEmitter.fire(t));
  protected size?: Size;
  private state: 'waiting' | 'starting' | 'running' | 'ended' | 'closed' = 'waiting';
  private sizeTimer?: NodeJS.Timeout;

  constructor(protected readonly label: string) {}

  /** Connects the remote session with the panel's size. */
  protected abstract start(size: Size): Promise<void>;
  /** Keys typed while the session runs. */
  protected abstract input(data: string): void;
  protected abstract resize(size: Size): void;
  /** The user closed the terminal: end the remote side. */
  protected abstract stop(): void;

  open(initial: vscode.TerminalDimensions | undefined): void {
    if (initial) {
      this.begin({ columns: initial.columns, rows: initial.rows });
    } else {
      this.sizeTimer = setTimeout(() => this.begin({ columns: 80, rows: 24 }), SIZE_WAIT_MS);
    }
  }

  setDimensions(d: vscode.TerminalDimensions): void {
    const size = { columns: d.columns, rows: d.rows };
    if (this.state === 'waiting') {
      this.begin(size);
      return;
    }
    this.size = size;
    if (this.state === 'running') {
      this.resize(size);
    }
  }

  handleInput(data: string): void {
    if (this.state === 'ended') {
      this.closeNow();
    } else if (this.state === 'running') {
      this.input(data);
    }
  }

  close(): void {
    const wasRunning = this.state === 'running' || this.state === 'starting';
    this.state = 'closed';
    clearTimeout(this.sizeTimer);
    if (wasRunning) {
      this.stop();
    }
    this.out.dispose();
  }

  /** The remote side ended: code 0 closes the terminal (unless `keepOpen`), anything else stays on screen. */
  protected finished(code: number, keepOpen = false): void {
    if (this.state === 'closed' || this.state === 'ended') {
      return;
    }
    if (code === 0 && !keepOpen) {
      this.out.flush();
      this.closeNow(0);
      return;
    }
    this.out.write(exitLine(code));
    this.waitForKey();
  }

  /** The session could not start or broke off (the daemon went away): say so, keep the text. */
  protected failed(what: string, e: unknown): void {
    if (this.state === 'closed' || this.state === 'ended') {
      return;
    }
    log().warn(`${this.label}: ${what}: ${describeError(e)}`);
    this.out.write(`\r\n\x1b[31m${what}: ${describeError(e).replace(/\n/g, '\r\n')}\x1b[0m\r\n`);
    this.waitForKey();
  }

  private begin(size: Size): void {
    if (this.state !== 'waiting') {
      return;
    }
    clearTimeout(this.sizeTimer);
    this.size = size;
    this.state = 'starting';
    this.start(size).then(
      () => {
        if (this.state === 'starting') {
          this.state = 'running';
          // The panel may have changed size while the session was connecting.
          if (this.size && (this.size.columns !== size.columns || this.size.rows !== size.rows)) {
            this.resize(this.size);
          }
        } else if (this.state === 'closed') {
          this.stop();
        }
      },
      (e) => this.failed('Cannot connect', e),
    );
  }

  /** The reason is on screen; the key that closes the terminal needs no exit alert on top. */
  private waitForKey(): void {
    this.state = 'ended';
    this.out.write('\x1b[90mPress any key to close the terminal.\x1b[0m\r\n');
  }

  private closeNow(code?: number): void {
    this.state = 'closed';
    this.out.dispose();
    this.closeEmitter.fire(code);
  }
}
