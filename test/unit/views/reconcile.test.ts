import * as assert from 'node:assert/strict';
import { reconcile } from '../../../src/views/reconcile';

interface Row {
  name: string;
  status: string;
}

interface Node {
  name: string;
  status: string;
  updates: number;
}

const row = (name: string, status = 'Stopped'): Row => ({ name, status });

function apply(nodes: Map<string, Node>, rows: Row[]): Node[] | undefined {
  return reconcile(
    nodes,
    rows,
    (r) => r.name,
    (r) => ({ name: r.name, status: r.status, updates: 0 }),
    (n, r) => {
      n.status = r.status;
      n.updates++;
    },
    (n, r) => n.status !== r.status,
  );
}

describe('Reconciling a listed view with its nodes (reconcile)', () => {
  it('makes one node per value, in the values\' order', () => {
    const nodes = new Map<string, Node>();
    apply(nodes, [row('b'), row('a'), row('c')]);
    assert.deepEqual([...nodes.keys()], ['b', 'a', 'c']);
  });

  it('keeps the node of a key that stays, updated in place, so the tree keeps its selection and expansion', () => {
    const nodes = new Map<string, Node>();
    apply(nodes, [row('a'), row('b')]);
    const a = nodes.get('a');
    apply(nodes, [row('a', 'Running'), row('b')]);
    assert.equal(nodes.get('a'), a);
    assert.deepEqual(nodes.get('a'), { name: 'a', status: 'Running', updates: 1 });
  });

  it('adds a node for a new key, drops the node of a gone key, and follows the new order', () => {
    const nodes = new Map<string, Node>();
    apply(nodes, [row('a'), row('b'), row('c')]);
    const c = nodes.get('c');
    apply(nodes, [row('d'), row('c'), row('a')]);
    assert.deepEqual([...nodes.keys()], ['d', 'c', 'a']);
    assert.equal(nodes.get('c'), c);
    assert.equal(nodes.get('d')?.updates, 0);
    assert.equal(nodes.has('b'), false);
  });

  it('empties the map when nothing is listed', () => {
    const nodes = new Map<string, Node>();
    apply(nodes, [row('a')]);
    apply(nodes, []);
    assert.equal(nodes.size, 0);
  });

  // A parent redrawn makes VS Code forget its rows until it has them again; a row redrawn does not.
  it('says which rows to redraw when the same keys came back in the same order: those that changed', () => {
    const nodes = new Map<string, Node>();
    apply(nodes, [row('a'), row('b'), row('c')]);
    assert.deepEqual(apply(nodes, [row('a'), row('b', 'Running'), row('c')]), [nodes.get('b')]);
    assert.deepEqual(apply(nodes, [row('a'), row('b', 'Running'), row('c')]), []);
  });

  it('says the parent must be redrawn when a row came, went or moved', () => {
    const nodes = new Map<string, Node>();
    apply(nodes, [row('a'), row('b')]);
    assert.equal(apply(nodes, [row('a'), row('b'), row('c')]), undefined, 'a row came');
    assert.equal(apply(nodes, [row('a'), row('c')]), undefined, 'a row went, another came');
    assert.equal(apply(nodes, [row('c'), row('a')]), undefined, 'the rows moved');
    assert.equal(apply(nodes, [row('c')]), undefined, 'a row went');
    assert.deepEqual(apply(nodes, [row('c')]), []);
  });

  it('redraws every row that stayed when not told how to tell a changed one', () => {
    const nodes = new Map<string, Node>();
    const plain = (rows: Row[]): Node[] | undefined =>
      reconcile(
        nodes,
        rows,
        (r) => r.name,
        (r) => ({ name: r.name, status: r.status, updates: 0 }),
        () => undefined,
      );
    plain([row('a'), row('b')]);
    assert.deepEqual(plain([row('a'), row('b')]), [nodes.get('a'), nodes.get('b')]);
  });
});
