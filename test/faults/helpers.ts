import * as fs from 'node:fs';
import { AnyEvent, Client, SubscriptionStatus } from '../../src/client';
import { InstanceFixture, eventually } from '../support/fixtures';
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

/** How a promise failed, and after how long; fails the test when it did not fail. */
export async function failure(p: Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  try {
    await p;
  } catch (e) {
    return { error: e as Error, ms: Date.now() - started };
  }
  throw new Error('expected a failure');
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
 * A shell command in the instance, its stdout trimmed. Under load an exec now and then ends with
 * its output lost on the way; a marker printed last tells a complete answer from that, and such
 * a run is repeated (every command the fault suites run this way only reads, or does the same again).
 */
export async function shIn(client: Client, instance: string, script: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const r = await client.exec.run(instance, { command: ['sh', '-c', `${script}\necho __lxdx_end__`] });
    if (r.exitCode !== 0) {
      throw new Error(`${script}: exit ${r.exitCode}: ${r.stderr.toString()}`);
    }
    const out = r.stdout.toString();
    if (out.includes('__lxdx_end__')) {
      return out.replace(/__lxdx_end__\s*$/, '').trim();
    }
    if (attempt === 3) {
      throw new Error(`${script}: its output was lost three times`);
    }
  }
}
