import * as assert from 'node:assert/strict';
import { selectedNodes } from '../../../src/commands/selection';

class Instance {
  constructor(readonly name: string) {}
}
class Image {
  constructor(readonly name: string) {}
}
const isInstance = (n: unknown): n is Instance => n instanceof Instance;

const c1 = new Instance('c1');
const c2 = new Instance('c2');
const c3 = new Instance('c3');

describe('What a tree command acts on (selectedNodes)', () => {
  it('acts on the whole selection when the clicked row is part of it', () => {
    assert.deepEqual(selectedNodes([c2, [c1, c2]], isInstance), [c1, c2]);
  });

  it('acts on the clicked row alone when it is outside the selection (a right-click elsewhere)', () => {
    assert.deepEqual(selectedNodes([c3, [c1, c2]], isInstance), [c3]);
  });

  it('acts on the clicked row alone when the selection holds other kinds of rows', () => {
    assert.deepEqual(selectedNodes([c1, [c1, new Image('i')]], isInstance), [c1]);
  });

  it('acts on the clicked row when there is no selection', () => {
    assert.deepEqual(selectedNodes([c1], isInstance), [c1]);
    assert.deepEqual(selectedNodes([c1, []], isInstance), [c1]);
  });

  it('acts on the selection when a keybinding passes no clicked row', () => {
    assert.deepEqual(selectedNodes([undefined, [c1, c2]], isInstance), [c1, c2]);
  });

  it('acts on nothing from the palette or on a row of another kind, so the command asks', () => {
    assert.deepEqual(selectedNodes([], isInstance), []);
    assert.deepEqual(selectedNodes([new Image('i')], isInstance), []);
    assert.deepEqual(selectedNodes(['lxd:c1'], isInstance), []);
  });
});
