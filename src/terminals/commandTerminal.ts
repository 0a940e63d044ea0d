import { StringDecoder } from 'node:string_decoder';
import { ExecProcess } from '../client';
import { red, toCrlf } from './output';
import { RemoteTerminal } from './remoteTerminal';
import { ShellTarget } from './shellTerminal';

/**
 * A command run without a pty (`sh -c <line>`): stdout as it comes, stderr in red, the exit code at
 * the end. Typed lines go to the command's stdin (echoed here, since no pty echoes them), Ctrl-D
 * ends stdin and Ctrl-C sends SIGINT through the control channel.
 */
export class CommandTerminal extends RemoteTerminal {
  private proc?: ExecProcess;
  private readonly stdout = new StringDecoder('utf8');
  private readonly stderr = new StringDecoder('utf8');

  constructor(
    label: string,
    private readonly target: ShellTarget,
    private readonly commandLine: string,
    private readonly environment: Record<string, string>,
  ) {
    super(label);
  }

  protected async start(): Promise<void> {
    const client = this.target.connection.api(this.target.project);
    this.out.write(`\x1b[90m$ ${toCrlf(this.commandLine)}\x1b[0m\r\n`);
    const proc = await client.exec.spawn(this.target.instance, { command: ['sh', '-c', this.commandLine], environment: this.environment });
    this.proc = proc;
    this.out.throttle(proc.stdout);
    this.out.throttle(proc.stderr);
    proc.stdout.on('data', (c: Buffer) => this.show(this.stdout.write(c)));
    proc.stderr.on('data', (c: Buffer) => this.show(this.stderr.write(c), red));
    proc.exit.then(
      (s) => {
        this.show(this.stdout.end());
        this.show(this.stderr.end(), red);
        if (s.error && s.exitCode === 127) {
          this.out.write(red(`${s.error}\r\n`));
        }
        // A command's end always stays on screen, even at code 0: its output is what the user wanted.
        this.finished(s.exitCode, true);
      },
      (e) => this.failed('The command was cut off', e),
    );
  }

  /** Output without a pty: bare newlines become CRLF; stderr is coloured. */
  private show(text: string, colour: (t: string) => string = (t) => t): void {
    if (text) {
      this.out.write(colour(toCrlf(text)));
    }
  }

  protected input(data: string): void {
    if (data === '\x03') {
      this.proc?.signal(2);
    } else if (data === '\x04') {
      this.proc?.end();
    } else {
      const text = data.replace(/\r/g, '\n');
      this.out.write(toCrlf(text));
      this.proc?.write(text);
    }
  }

  protected resize(): void {
    // No pty: the command has no window size.
  }

  protected stop(): void {
    this.proc?.kill();
  }
}
