import * as assert from 'node:assert/strict';
import { Hanging, Redraws, VSCODE_REDRAW_DEBOUNCE_MS } from '../../../src/views/redraws';

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

/** Waits for a fetch's answer, then for the task after it, when the redraws that waited for it go. */
async function answered(fetching: Promise<unknown>): Promise<void> {
  await fetching;
  await nextTask();
  await nextTask();
}

describe('Redraws of a tree while VS Code fetches children (Redraws)', () => {
  let fired: string[];
  let batches: number;
  let redraws: Redraws<Node>;
  /** The clock Redraws paces its batches by: each reading a second later, unless a test holds it. */
  let clock: number;
  let ticking: boolean;
  beforeEach(() => {
    fired = [];
    batches = 0;
    clock = 0;
    ticking = true;
    redraws = new Redraws<Node>(
      (ns) => {
        batches++;
        fired.push(...(ns ? ns.map((n) => n.name) : ['everything']));
      },
      () => (ticking ? (clock += 1000) : clock),
    );
    // VS Code has shown the tree: its top level, the servers' items and rows.
    redraws.topAsked();
    [server, other, row, child].forEach((n) => redraws.itemAsked(n));
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

  it('holds the redraw of every node above the fetch, not of the others', async () => {
    const answer = deferred<void>();
    const fetching = redraws.fetch(child, () => answer.promise);
    redraws.redraw(server);
    redraws.redraw(row);
    redraws.redraw(other);
    assert.deepEqual(fired, ['other server']);
    answer.resolve();
    await answered(fetching);
    assert.deepEqual(fired, ['other server', 'server', 'row']);
  });

  it('redraws the whole tree at once, in place of the redraws of nodes that wait', async () => {
    const answer = deferred<void>();
    const fetching = redraws.fetch(child, () => answer.promise);
    redraws.redraw(server);
    redraws.redraw(undefined);
    assert.deepEqual(fired, ['everything']);
    answer.resolve();
    await answered(fetching);
    assert.deepEqual(fired, ['everything']);
  });

  it('drops a redraw that waited when VS Code read the node again meanwhile: its item, and its children', async () => {
    const answer = deferred<void>();
    const fetching = redraws.fetch(row, () => answer.promise);
    redraws.redraw(server);
    redraws.redraw(row);
    // VS Code reads the server's rows again (the row's item with them) and the row's children.
    const again = redraws.fetch(server, () => {
      redraws.itemAsked(row);
      return [row];
    });
    void redraws.fetch(row, () => []);
    answer.resolve();
    await Promise.all([fetching, again]);
    await nextTask();
    await nextTask();
    assert.deepEqual(fired, ['server'], 'the server was asked to redraw after VS Code last fetched its rows');
  });

  it("keeps a redraw when VS Code read the node's item again but not the children it had fetched before", async () => {
    const answer = deferred<void>();
    const fetching = redraws.fetch(row, () => answer.promise);
    redraws.redraw(row);
    redraws.itemAsked(row);
    answer.resolve();
    await answered(fetching);
    assert.deepEqual(fired, ['row']);
  });

  it('drops a redraw of the children only once VS Code fetched them again, whenever it read the item', async () => {
    const answer = deferred<void>();
    const fetching = redraws.fetch(row, () => answer.promise);
    redraws.redraw(server, { childrenOnly: true });
    redraws.redraw(row, { childrenOnly: true });
    redraws.redraw(row);
    void redraws.fetch(server, () => []);
    answer.resolve();
    await answered(fetching);
    assert.deepEqual(fired, ['row'], "the row's item was asked for too, and not read again");
  });

  it('redraws nothing in a tree whose top level VS Code never asked for, nor the whole tree it asked for since', () => {
    const unseen = new Redraws<Node>(
      (ns) => fired.push(...(ns ? ns.map((n) => n.name) : ['everything'])),
      () => (clock += 1000),
    );
    unseen.redraw(undefined);
    unseen.redraw(server);
    assert.deepEqual(fired, []);
    unseen.topAsked();
    unseen.redraw(server);
    assert.deepEqual(fired, ['server']);
  });

  it(`sends what is asked for within ${VSCODE_REDRAW_DEBOUNCE_MS} ms of a batch as one batch, once that time has passed`, async () => {
    ticking = false;
    redraws.redraw(server);
    redraws.redraw(other);
    redraws.redraw(row);
    await nextTask();
    assert.deepEqual(fired, ['server'], 'VS Code would gather the others and handle them 200 ms later');
    const started = Date.now();
    while (fired.length < 3 && Date.now() - started < 5_000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.deepEqual(fired, ['server', 'other server', 'row']);
    assert.ok(Date.now() - started >= VSCODE_REDRAW_DEBOUNCE_MS - 20, 'not before the time VS Code gathers redraws had passed');
    assert.equal(batches, 2, 'the two that waited went together');
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
    await answered(fetching);
    redraws.redraw(other);
    assert.deepEqual(fired, []);
  });
});
