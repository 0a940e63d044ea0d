import * as fs from 'node:fs';
import { AnyEvent, Client, SubscriptionStatus } from '../../src/client';
import { query } from '../support/cli';
import { daemon, holdDaemonLock } from '../support/daemons';
import { FaultProxy } from '../support/faultProxy';
import { InstanceFixture, eventually } from '../support/fixtures';
import { TrustedCertificate, trustedCertificate } from '../support/remote';
import { Target, testbed, uniqueName } from '../support/testbed';

/** Status changes of a subscription, with when they happened. */
export class StatusLog {
  readonly entries: Array<{ status: SubscriptionStatus; at: number; error?: string }> = [];
  readonly events: AnyEvent[] = [];

  record = (status: SubscriptionStatus, error?: Error): void => {
    this.entries.push({ status, at: Date.now(), error: error?.message });
  };

  count(status: SubscriptionStatus): number {
    return this.entries.filter((e) => e.status === status).length;
  }

  /** A bookmark: `first` looks only at what was recorded after it. */
  mark(): number {
    return this.entries.length;
  }

  /** The first entry with `status` recorded after the bookmark `since`. */
  first(status: SubscriptionStatus, since: number): { at: number; error?: string } | undefined {
    return this.entries.slice(since).find((e) => e.status === status);
  }
}

/** A profile created and deleted through the unix socket: its lifecycle event must reach `log`. */
export async function eventComesThrough(target: Target, log: StatusLog): Promise<void> {
  const name = uniqueName('faults-ev');
  const admin = Client.unix(target.socket, { project: testbed().project });
  try {
    await admin.profiles.create({ name, config: {}, description: '', devices: {} });
    await eventually(
      () => log.events.some((e) => e.type === 'lifecycle' && (e.metadata as { source?: string }).source?.includes(`/profiles/${name}`)),
      `the lifecycle event of profile ${name}`,
    );
  } finally {
    await admin.profiles.delete(name).catch(() => undefined);
    await admin.close();
  }
}

/**
 * How a promise failed, and after how long; fails the test when it did not fail, saying what it
 * gave instead (`resolved`, when given, describes the value).
 */
export async function failure<T>(p: Promise<T>, resolved?: (value: T) => string): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  let value: T;
  try {
    value = await p;
  } catch (e) {
    return { error: e as Error, ms: Date.now() - started };
  }
  throw new Error(resolved ? `expected a failure: ${resolved(value)}` : 'expected a failure');
}

/** Resolves with the operation's final status once the daemon no longer runs it (its process or console ended). */
export function operationEnds(target: Target, id: string): Promise<string> {
  return eventually(() => {
    const status = query<{ status: string }>(target, `/1.0/operations/${id}`, testbed().project).status;
    return status === 'Running' ? undefined : status;
  }, `operation ${id} to end`);
}

/** A running instance of the suite's own (`name` once its `before` ran), deleted after the suite. */
export function useRunningInstance(target: Target, label: string): { readonly name: string } {
  const admin = Client.unix(target.socket, { project: testbed().project });
  const fx = new InstanceFixture(admin);
  const made = { name: '' };
  before(async function () {
    this.timeout(120_000);
    made.name = await fx.create(label, { start: true });
  });
  after(async function () {
    this.timeout(120_000);
    await fx.cleanup();
    await admin.close();
  });
  return made;
}

/**
 * One fault's outcome, for the README's Reliability table: printed as a `[reliability]` line, and
 * appended as JSON to `$LXDX_RELIABILITY_OUT` when set (`scripts/reliability.sh` sums them up).
 */
export function reliability(target: Target, fault: string, outcome: { intact: boolean; recoveryMs?: number }): void {
  const row = { daemon: target.name, fault, ...outcome };
  console.log(`      [reliability] ${JSON.stringify(row)}`);
  const out = process.env.LXDX_RELIABILITY_OUT;
  if (out) {
    fs.appendFileSync(out, `${JSON.stringify(row)}\n`);
  }
}

/**
 * A shell command in the instance, its stdout trimmed. A marker printed last proves the output
 * complete: an exec's output once went missing now and then under load (the keepalive pong race
 * that `receiveOnly` ended), and a connection lost midway now fails the run instead.
 */
export async function shIn(client: Client, instance: string, script: string): Promise<string> {
  const r = await client.exec.run(instance, { command: ['sh', '-c', `${script}\necho __lxdx_end__`] });
  if (r.exitCode !== 0) {
    throw new Error(`${script}: exit ${r.exitCode}: ${r.stderr.toString()}`);
  }
  const out = r.stdout.toString();
  if (!out.includes('__lxdx_end__')) {
    throw new Error(`${script}: exit 0 without the whole output (${JSON.stringify(out)})`);
  }
  return out.replace(/__lxdx_end__\s*$/, '').trim();
}

/**
 * A client certificate the daemon trusts for the whole suite (`cert` once its `before` ran), taken
 * off the trust list after it. The suite fails at once when the daemon has no HTTPS address.
 */
export function useTrustedCertificate(target: Target): { readonly cert: TrustedCertificate } {
  const held = {} as { cert: TrustedCertificate };
  before(async () => {
    if (!target.https || !target.serverCertPath) {
      throw new Error(`${target.name} has no HTTPS address: the fault tier needs one (scripts/testbed.sh sets it up)`);
    }
    held.cert = await trustedCertificate(target);
  });
  after(async () => {
    await held.cert?.untrust();
  });
  return held;
}

/** A fault proxy in front of the daemon's HTTPS port for each test (`proxy`), closed after it. */
export function useFaultProxy(target: Target): { readonly proxy: FaultProxy } {
  const held = {} as { proxy: FaultProxy };
  beforeEach(async () => {
    held.proxy = await FaultProxy.start(target.https!);
  });
  afterEach(async () => {
    await held.proxy?.close();
  });
  return held;
}

/** What `killingDaemon` hands its body. */
export interface DaemonControl {
  /** SIGKILL, as a crash or the OOM killer would do it; resolves with when it was sent for (`Date.now()`). */
  kill(): Promise<number>;
  /** Resolves once the daemon answers again, with when that was. */
  start(): Promise<number>;
}

/**
 * Runs `body`, which kills the target's daemon and starts it again, under the shared daemon-faults
 * lock. Only a daemon the test bed owns may be killed, and it is always started again, whatever
 * the body did.
 */
export async function killingDaemon(target: Target, body: (d: DaemonControl) => Promise<void>): Promise<void> {
  if (!target.owned) {
    throw new Error(
      `${target.name} is not owned by the test bed, so it may not be killed: run the fault tier against the test bed's own daemons`,
    );
  }
  const lock = await holdDaemonLock();
  let down = false;
  try {
    await body({
      kill: async () => {
        down = true;
        const at = Date.now();
        await daemon(target, 'kill');
        return at;
      },
      start: async () => {
        await daemon(target, 'start');
        down = false;
        return Date.now();
      },
    });
  } finally {
    if (down) {
      await daemon(target, 'start').catch((e: Error) => console.error(`could not start ${target.name} again: ${e.message}`));
    }
    await lock.release();
  }
}
