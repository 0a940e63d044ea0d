import * as assert from 'node:assert/strict';
import { ListingState } from '../../../src/views/listing';

/** A list on the wire that the test answers by hand. */
function pending<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Reads a list through `state` as a root does: mark, wait for the wire, settle. */
async function read<T>(state: ListingState, wire: Promise<T>): Promise<T> {
  const mark = state.mark();
  const value = await wire;
  state.settle(mark);
  return value;
}

const connected = (): boolean => true;

describe("A view root's listing rules (ListingState)", () => {
  it('counts a list as loaded, unless it was declared stale while on the wire', async () => {
    const state = new ListingState();
    assert.equal(state.mustList(false), true, 'nothing listed yet');
    await read(state, Promise.resolve([]));
    assert.equal(state.isLoaded, true);
    assert.equal(state.mustList(false), false);

    state.invalidate();
    const wire = pending<string[]>();
    const reading = read(state, wire.promise);
    state.invalidate(); // a change announced while the list is on the wire
    wire.resolve(['a']);
    await reading;
    assert.equal(state.isLoaded, false, 'the change is listed on the next draw, not lost');
  });

  it('lets questions take the rows there are while a reload reads the list again, but not when there are none', async () => {
    const state = new ListingState();
    await read(state, Promise.resolve([]));
    state.invalidate();
    const wire = pending<void>();
    const rereading = state.rereading(() => read(state, wire.promise));
    assert.equal(state.mustList(true), false, 'rows to give: the question does not wait');
    assert.equal(state.mustList(false), true, 'no rows to give: the question waits for a list');
    wire.resolve();
    await rereading;
    assert.equal(state.mustList(true), false, 'loaded');
    state.invalidate();
    assert.equal(state.mustList(true), true, 'stale, and no reload reads it');
  });

  it('joins a list already on the wire when asked to, and starts another otherwise', async () => {
    const state = new ListingState();
    const wire = pending<string>();
    let started = 0;
    const start = (): Promise<string> => {
      started++;
      return wire.promise;
    };
    const first = state.answer(start, true);
    assert.equal(state.answer(start, true), first, 'joined');
    assert.equal(started, 1);
    void state.answer(start, false);
    assert.equal(started, 2, 'a new list');
    wire.resolve('rows');
    assert.equal(await first, 'rows');
    void state.answer(() => Promise.resolve('again'), true);
    assert.equal(await state.answer(() => Promise.resolve('later'), true), 'again', 'joined while on the wire');
  });

  /** A reload asked while VS Code's question is on the wire; the question draws rows or a message. */
  async function reloadDuringQuestion(drawsRows: boolean): Promise<{ state: ListingState; plan: 'rows' | 'whole' }> {
    const state = new ListingState();
    const wire = pending<void>();
    state.asked();
    const question = state.answer(() => read(state, wire.promise), true);
    const plan = state.reloadPlan(connected);
    wire.resolve();
    await question;
    if (drawsRows) {
      state.drewRows();
    }
    return { state, plan: await plan };
  }

  it("redraws only the rows when the reload waited for VS Code's question and that drew the rows; the question's list then does not count", async () => {
    const { state, plan } = await reloadDuringQuestion(true);
    assert.equal(plan, 'rows');
    assert.equal(state.isLoaded, false, 'read again by the reload: a change may have come after the question was asked');
  });

  it('redraws the whole list when the question it waited for drew a message instead of rows', async () => {
    assert.equal((await reloadDuringQuestion(false)).plan, 'whole');
  });

  it('redraws only the rows of a loaded list, and the whole list when stale or not connected', async () => {
    const state = new ListingState();
    await read(state, Promise.resolve());
    assert.equal(await state.reloadPlan(connected), 'rows');
    assert.equal(await state.reloadPlan(() => false), 'whole', 'not connected');
    assert.equal(state.isLoaded, false, 'a whole redraw lists again');
    state.invalidate();
    assert.equal(await state.reloadPlan(connected), 'whole', 'stale with nothing on the wire');
  });
});
