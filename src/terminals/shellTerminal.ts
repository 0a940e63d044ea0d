import { ExitStatus, PtySession } from '../client';
import { sleep } from '../client/retry';
import { Connection } from '../connections/connection';
import { onInstanceEnd } from './instanceEnd';
import { ShellSpec } from './shell';
import { RemoteTerminal, Size } from './remoteTerminal';

export interface ShellTarget {
  connection: Connection;
  project: string;
  instance: string;
}

/** A shell killed (137) waits this long for the event saying its instance stopped, which may come after. */
const CAUSE_WAIT_MS = 3_000;

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
    // A stopped instance kills its shells (exit code 137): the terminal names that cause.
    let watch: { dispose(): void } | undefined;
    const instanceEnded = new Promise<string>((resolve) => (watch = onInstanceEnd(this.target, resolve)));
    session.exit
      .then(
        async (s: ExitStatus) => {
          if (s.error && s.exitCode !== 0) {
            this.failed(`${this.spec.command.join(' ')}`, new Error(s.error));
            return;
          }
          const how = s.exitCode === 137 ? await Promise.race([instanceEnded, sleep(CAUSE_WAIT_MS)]) : undefined;
          if (how) {
            this.failed('The shell ended', new Error(`${this.target.instance} ${how} (exit code ${s.exitCode})`));
          } else {
            this.finished(s.exitCode);
          }
        },
        (e) => this.failed('The shell was cut off', e),
      )
      .finally(() => watch?.dispose());
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
