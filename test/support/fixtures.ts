import { ApiError, Client, InstanceBuilder, RequestTrace } from '../../src/client';
import { Target, testbed, uniqueName } from './testbed';

/** A client on the target's socket, working in the test project. */
export function clientFor(target: Target, opts: { project?: string; onTrace?: (t: RequestTrace) => void } = {}): Client {
  return Client.unix(target.socket, { project: opts.project ?? testbed().project, onTrace: opts.onTrace });
}

/**
 * Creates instances for one suite and deletes them afterwards, whatever happened. Instances have no
 * NIC: the test project's default profile has only a root disk.
 */
export class InstanceFixture {
  private readonly created = new Set<string>();

  constructor(private readonly client: Client) {}

  async create(label: string, opts: { start?: boolean; ephemeral?: boolean } = {}): Promise<string> {
    const name = uniqueName(label);
    const builder = new InstanceBuilder(name).image({ alias: testbed().image });
    if (opts.ephemeral) {
      builder.ephemeral();
    }
    this.created.add(name);
    if (opts.start) {
      await this.client.instances.launch(builder);
    } else {
      await this.client.instances.create(builder).wait();
    }
    return name;
  }

  /** Records an instance created by the test itself, so it is cleaned up too. */
  track(name: string): void {
    this.created.add(name);
  }

  async cleanup(): Promise<void> {
    for (const name of this.created) {
      await this.client.instances
        .stop(name, { force: true })
        .wait()
        .catch(() => undefined);
      await this.client.instances
        .delete(name)
        .wait()
        .catch(() => undefined);
    }
    this.created.clear();
  }
}

/** Runs `body` once per daemon of the test bed, as a describe block named after the daemon. */
export function forEachTarget(title: string, body: (target: Target) => void): void {
  for (const target of testbed().targets) {
    describe(`${title} [${target.name}]`, function () {
      body(target);
    });
  }
}

/** Polls `check` until it returns a truthy value; fails with `message` after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  message: string,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) {
        return v as NonNullable<T>;
      }
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`${message} (not true within ${timeoutMs} ms${last ? `; last error: ${(last as Error).message}` : ''})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Undo steps for what a suite creates besides instances (networks, pools, images, profiles…). They
 * run last-in first-out, after the instances are gone, so nothing is still in use when it goes.
 * A step that fails (the object is already gone) does not stop the others.
 */
export class Cleanup {
  private readonly steps: (() => unknown)[] = [];

  defer(step: () => unknown): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step();
      } catch {
        // Already gone: the test deleted it itself.
      }
    }
  }
}

/** For `assert.rejects`: an ApiError with this status (LXD's `error_code`). */
export function apiError(status: number): (e: unknown) => boolean {
  return (e) => {
    if (e instanceof ApiError && e.status === status) {
      return true;
    }
    throw new Error(
      `expected an ApiError with status ${status}, got ${(e as Error)?.name} ${(e as { status?: number })?.status ?? ''}: ${(e as Error)?.message}`,
    );
  };
}

/** The client, instance fixture and clean-up of one suite: created before its tests, cleaned up after them. */
export interface Suite {
  client: Client;
  fx: InstanceFixture;
  cleanup: Cleanup;
}

export function useSuite(target: Target): Suite {
  const s = {} as Suite;
  before(() => {
    s.client = clientFor(target);
    s.fx = new InstanceFixture(s.client);
    s.cleanup = new Cleanup();
  });
  after(async () => {
    await s.fx.cleanup();
    await s.cleanup.run();
    await s.client.close();
  });
  return s;
}
