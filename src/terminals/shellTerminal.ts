import { ExitStatus, PtySession } from '../client';
import { Connection } from '../connections/connection';
import { ShellSpec } from './shell';
import { RemoteTerminal, Size } from './remoteTerminal';

export interface ShellTarget {
  connection: Connection;
  project: string;
  instance: string;
}

/**
 * An interactive shell: `exec` with a pty. Keys go to the pty as they are (Ctrl-C is byte 3, Ctrl-D
 * byte 4, so they reach the remote process); resizes go through the control channel; closing the
 * terminal closes the control socket, which makes LXD kill the process.
 */
export class ShellTerminal extends RemoteTerminal {
  private session?: PtySession;

  constructor(
    label: string,
    private readonly target: ShellTarget,
    private readonly spec: ShellSpec,
  ) {
    super(label);
  }

  protected async start(size: Size): Promise<void> {
    const client = this.target.connection.api(this.target.project);
    const session = await client.exec.pty(this.target.instance, { ...this.spec, width: size.columns, height: size.rows });
    this.session = session;
    this.out.throttle(session);
    session.onData((d) => this.out.push(d));
    session.exit.then(
      (s: ExitStatus) =>
        s.error && s.exitCode !== 0 ? this.failed(`${this.spec.command.join(' ')}`, new Error(s.error)) : this.finished(s.exitCode),
      (e) => this.failed(`The connection to ${this.target.connection.name} was lost`, e),
    );
  }

  protected input(data: string): void {
    this.session?.write(data);
  }

  protected resize(size: Size): void {
    this.session?.resize(size.columns, size.rows);
  }

  protected stop(): void {
    this.session?.close();
  }
}
