import { ConsoleSession } from '../client';
import { onInstanceEnd } from './instanceEnd';
import { ShellTarget } from './shellTerminal';
import { RemoteTerminal, Size } from './remoteTerminal';

/** Ctrl-A, then q: the detach key of `lxc console` and `incus console`. */
const PREFIX = '\x01';
export const DETACH_HINT = 'To detach from the console, press Ctrl+A q (or close this terminal).';

/**
 * An instance's console (`/console`, type `console`). Detaching ends this session (see
 * `ConsoleSession.detach`): the instance keeps running. Ctrl-A Ctrl-A sends one Ctrl-A to the console.
 */
export class ConsoleTerminal extends RemoteTerminal {
  private session?: ConsoleSession;
  private prefixed = false;
  private detaching = false;
  private lifecycle?: { dispose(): void };

  constructor(
    label: string,
    private readonly target: ShellTarget,
  ) {
    super(label);
  }

  protected async start(size: Size): Promise<void> {
    const client = this.target.connection.api(this.target.project);
    const session = await client.console.attach(this.target.instance, { width: size.columns, height: size.rows });
    this.session = session;
    this.out.write(`\x1b[90m${DETACH_HINT}\x1b[0m\r\n`);
    this.out.throttle(session);
    session.onData((d) => this.out.push(d));
    // Neither daemon ends a console session when its instance stops (LXD 5.0.2, Incus 6.0.4: it
    // stayed open after `stop -f`, and got nothing once the instance ran again): say so here.
    this.lifecycle = onInstanceEnd(this.target, (how) => {
      this.failed('The console closed', new Error(`${this.target.instance} ${how}`));
      this.detach();
    });
    void session.closed.then(() => {
      this.lifecycle?.dispose();
      const lost = session.lost;
      if (lost) {
        this.failed('The console was cut off', lost);
      } else if (this.detaching) {
        this.finished(0);
      } else {
        const causes = `stopped, its console was taken over, or the connection to ${this.target.connection.name} was lost`;
        this.failed('The console closed', new Error(`${this.target.instance} ${causes}`));
      }
    });
  }

  protected input(data: string): void {
    let pass = '';
    for (const ch of data) {
      if (this.prefixed) {
        this.prefixed = false;
        if (ch === 'q' || ch === 'Q') {
          this.detach();
          return;
        }
        pass += ch === PREFIX ? PREFIX : PREFIX + ch;
      } else if (ch === PREFIX) {
        this.prefixed = true;
      } else {
        pass += ch;
      }
    }
    if (pass) {
      this.session?.write(pass);
    }
  }

  protected resize(size: Size): void {
    this.session?.resize(size.columns, size.rows);
  }

  protected stop(): void {
    this.detach();
  }

  private detach(): void {
    this.detaching = true;
    void this.session?.detach();
  }
}
