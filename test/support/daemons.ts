import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Target, testbed } from './testbed';

const run = promisify(execFile);

/** Every helper that stops, kills or restarts a shared daemon holds this lock meanwhile. */
export const DAEMON_FAULTS_LOCK = '/tmp/lxdx-daemon-faults.lock';

/**
 * Takes the daemon-faults lock (waiting for whoever holds it) and holds it until `release()`: a
 * `flock` child that keeps it while its stdin is open.
 */
export async function holdDaemonLock(timeoutMs = 600_000): Promise<{ release(): Promise<void> }> {
  const child: ChildProcess = spawn(
    'flock',
    ['-w', String(Math.ceil(timeoutMs / 1000)), DAEMON_FAULTS_LOCK, 'sh', '-c', 'echo locked; cat >/dev/null'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`flock ${DAEMON_FAULTS_LOCK} exited with ${code} before locking`)));
  });
  return {
    release: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

/**
 * `scripts/daemon.sh <action> <daemon>`: only for daemons the test bed owns (`target.owned`).
 * `kill` is SIGKILL, recorded as stopped so `start` brings the daemon back.
 */
export async function daemon(target: Target, action: 'start' | 'stop' | 'kill'): Promise<void> {
  if (!target.owned) {
    throw new Error(`${target.name} is not owned by the test bed: it may not be ${action === 'start' ? 'started' : 'stopped'} by tests`);
  }
  await run('bash', [path.join(testbed().root, 'scripts/daemon.sh'), action, target.name], { timeout: 180_000 });
}
