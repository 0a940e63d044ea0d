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

function apply(nodes: Map<string, Node>, rows: Row[]): void {
  reconcile(
    nodes,
    rows,
    (r) => r.name,
    (r) => ({ name: r.name, status: r.status, updates: 0 }),
    (n, r) => {
      n.status = r.status;
      n.updates++;
    },
  );
}

describe('Reconciling a listed view with its nodes (reconcile)', () => {
  it("makes one node per value, in the values' order", () => {
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
});

describe('What a reconcile tells the tree to redraw (reconcile)', () => {
  const run = (nodes: Map<string, Node>, rows: Row[]) =>
    reconcile(
      nodes,
      rows,
      (r) => r.name,
      (r) => ({ name: r.name, status: r.status, updates: 0 }),
      (n, r) => {
        const changed = n.status !== r.status;
        n.status = r.status;
        return changed;
      },
    );

  it('redraws nothing when nothing changed', () => {
    const nodes = new Map<string, Node>();
    run(nodes, [row('a'), row('b')]);
    assert.deepEqual(run(nodes, [row('a'), row('b')]), { reshaped: false, changed: [] });
  });

  it('redraws only the rows that read differently', () => {
    const nodes = new Map<string, Node>();
    run(nodes, [row('a'), row('b'), row('c')]);
    const result = run(nodes, [row('a'), row('b', 'Running'), row('c')]);
    assert.equal(result.reshaped, false);
    assert.deepEqual(result.changed, [nodes.get('b')]);
  });

  it('asks for the whole list again when a key comes, goes or moves', () => {
    const nodes = new Map<string, Node>();
    run(nodes, [row('a'), row('b')]);
    assert.equal(run(nodes, [row('a'), row('b'), row('c')]).reshaped, true, 'added');
    assert.equal(run(nodes, [row('a'), row('c')]).reshaped, true, 'removed');
    assert.equal(run(nodes, [row('c'), row('a')]).reshaped, true, 'moved');
  });

  it('counts a node whose update says nothing as changed', () => {
    const nodes = new Map<string, Node>();
    apply(nodes, [row('a')]);
    const result = reconcile(
      nodes,
      [row('a')],
      (r) => r.name,
      (r) => ({ name: r.name, status: r.status, updates: 0 }),
      () => undefined,
    );
    assert.deepEqual(result.changed, [nodes.get('a')]);
  });
});
