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
