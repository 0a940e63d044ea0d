import * as assert from 'node:assert/strict';
import { ShellSettings, detectedShell, needsDetection, parseTerminalPayload, shellSpec } from '../../../src/terminals/shell';

const defaults: ShellSettings = { command: [], user: 0, group: 0, cwd: '', environment: { TERM: 'xterm-256color' } };

describe('shell detection and LXD-UI terminal payloads', () => {
  it('reads the payload LXD-UI writes (command split on spaces, environment as key/value pairs)', () => {
    const raw = JSON.stringify({
      command: 'su -l',
      environment: [
        { key: 'TERM', value: 'xterm-256color' },
        { key: 'HOME', value: '/root' },
      ],
      user: 0,
      group: 0,
    });
    assert.deepEqual(parseTerminalPayload(raw), {
      command: ['su', '-l'],
      environment: { TERM: 'xterm-256color', HOME: '/root' },
      user: 0,
      group: 0,
    });
  });

  it('accepts partial payloads and ignores what it does not know', () => {
    assert.deepEqual(parseTerminalPayload('{"command":"bash  -l "}'), { command: ['bash', '-l'] });
    assert.deepEqual(parseTerminalPayload('{"user":"1000","extra":true}'), { user: 1000 });
    assert.deepEqual(parseTerminalPayload('{"command":["zsh","-l"]}'), { command: ['zsh', '-l'] });
    assert.equal(parseTerminalPayload(undefined), undefined);
    assert.equal(parseTerminalPayload('  '), undefined);
  });

  it('explains a payload it cannot use', () => {
    assert.throws(() => parseTerminalPayload('{bash'), /not valid JSON/);
    assert.throws(() => parseTerminalPayload('"bash"'), /JSON object/);
    assert.throws(() => parseTerminalPayload('{"command":3}'), /"command"/);
    assert.throws(() => parseTerminalPayload('{"user":-1}'), /"user"/);
    assert.throws(() => parseTerminalPayload('{"environment":{"A":"b"}}'), /"environment"/);
  });

  it('chooses a login bash when the probe found bash, else a login sh', () => {
    assert.deepEqual(detectedShell({ exitCode: 0, stdout: '/usr/bin/bash\n' }), ['bash', '-l']);
    assert.deepEqual(detectedShell({ exitCode: 1, stdout: '' }), ['sh', '-l']);
    assert.deepEqual(detectedShell({ exitCode: 127, stdout: '' }), ['sh', '-l']);
  });

  it('detects only when neither the settings nor the payload name a command', () => {
    assert.equal(needsDetection(defaults, undefined), true);
    assert.equal(needsDetection({ ...defaults, command: ['zsh'] }, undefined), false);
    assert.equal(needsDetection(defaults, { command: ['su', '-l'] }), false);
    assert.equal(needsDetection(defaults, { user: 1000 }), true);
  });

  it('lets the payload win over the settings, field by field, and merges the environment', () => {
    const settings: ShellSettings = { command: ['zsh'], user: 5, group: 6, cwd: '/srv', environment: { TERM: 'xterm', A: '1' } };
    assert.deepEqual(shellSpec(settings, { command: ['su', '-l'], environment: { A: '2', B: '3' }, user: 0 }, undefined), {
      command: ['su', '-l'],
      environment: { TERM: 'xterm', A: '2', B: '3' },
      user: 0,
      group: 6,
      cwd: '/srv',
    });
  });

  it('uses the detected shell with TERM=xterm-256color by default, and no cwd unless set', () => {
    assert.deepEqual(shellSpec({ ...defaults, environment: {} }, undefined, ['bash', '-l']), {
      command: ['bash', '-l'],
      environment: { TERM: 'xterm-256color' },
      user: 0,
      group: 0,
    });
  });
});
