import * as assert from 'node:assert/strict';
import { Hanging, Redraws } from '../../../src/views/redraws';

interface Node extends Hanging {
  readonly name: string;
  readonly parent?: Node;
}

const server: Node = { name: 'server' };
const other: Node = { name: 'other server' };
const row: Node = { name: 'row', parent: server };
const child: Node = { name: 'child', parent: row };

/** A promise the test resolves by hand. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets the timers of 0 ms (and the microtasks before them) run. */
const nextTask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('Redraws of a tree while VS Code fetches children (Redraws)', () => {
  let fired: string[];
  let redraws: Redraws<Node>;
  beforeEach(() => {
    fired = [];
    redraws = new Redraws<Node>((n) => fired.push(n?.name ?? 'everything'));
  });

  it('redraws at once what no fetch is under', () => {
    redraws.redraw(server);
    redraws.redraw(undefined);
    assert.deepEqual(fired, ['server', 'everything']);
  });

  it('holds the redraw of a node whose children are being fetched until a task after the answer', async () => {
    const answer = deferred<string[]>();
    const fetching = redraws.fetch(server, () => answer.promise);
    redraws.redraw(server);
    assert.deepEqual(fired, []);
    answer.resolve(['a']);
    assert.deepEqual(await fetching, ['a']);
    // VS Code registers the rows in the microtasks after the answer: still held then.
    assert.deepEqual(fired, []);
    await nextTask();
    await nextTask();
    assert.deepEqual(fired, ['server']);
  });

  it('holds the redraw of every node above the fetch, not of the others nor of the whole tree', async () => {
    const answer = deferred<void>();
    const fetching = redraws.fetch(child, () => answer.promise);
    redraws.redraw(server);
    redraws.redraw(row);
    redraws.redraw(other);
    redraws.redraw(undefined);
    assert.deepEqual(fired, ['other server', 'everything']);
    answer.resolve();
    await fetching;
    await nextTask();
    await nextTask();
    assert.deepEqual(fired, ['other server', 'everything', 'server', 'row']);
  });

  it('redraws a node asked for many times once, and only when its last fetch is answered', async () => {
    const first = deferred<void>();
    const second = deferred<void>();
    const a = redraws.fetch(server, () => first.promise);
    const b = redraws.fetch(server, () => second.promise);
    redraws.redraw(server);
    redraws.redraw(server);
    first.resolve();
    await a;
    await nextTask();
    await nextTask();
    assert.deepEqual(fired, [], 'a second fetch of the node is still in flight');
    second.resolve();
    await b;
    await nextTask();
    await nextTask();
    assert.deepEqual(fired, ['server']);
  });

  it('releases the redraw when the fetch fails, and passes the failure on', async () => {
    const fetching = redraws.fetch(server, () => Promise.reject(new Error('gone')));
    redraws.redraw(server);
    await assert.rejects(fetching, /gone/);
    await nextTask();
    await nextTask();
    assert.deepEqual(fired, ['server']);
  });

  it('redraws nothing once disposed', async () => {
    const answer = deferred<void>();
    const fetching = redraws.fetch(server, () => answer.promise);
    redraws.redraw(server);
    redraws.dispose();
    answer.resolve();
    await fetching;
    await nextTask();
    await nextTask();
    redraws.redraw(other);
    assert.deepEqual(fired, []);
  });
});
