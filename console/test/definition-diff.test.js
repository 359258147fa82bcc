import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definitionDiff } from '../src/definition-diff.js';

const V1 = {
  id: 'orders',
  version: 1,
  name: 'Orders',
  nodes: [
    { id: 't', type: 'trigger', config: {} },
    { id: 'charge', type: 'action', config: { function: 'stripe/create-invoice', input: { amount: 10 } } },
  ],
  edges: [{ source: 't', target: 'charge' }],
};

test('two versions differ by the fields that changed, named by path', () => {
  const v2 = structuredClone(V1);
  v2.version = 2;
  v2.name = 'Orders, invoiced';
  v2.nodes[1].config.input.amount = 12;
  v2.nodes.push({ id: 'done', type: 'end', config: {} });
  v2.edges.push({ source: 'charge', target: 'done' });
  const changes = definitionDiff(V1, v2);
  assert.deepEqual(
    changes.map((c) => [c.kind, c.change, c.name]),
    [
      ['node', 'changed', 'charge'],
      ['node', 'added', 'done'],
      ['edge', 'added', 'charge → done'],
      ['setting', 'changed', 'name'],
    ],
  );
  assert.deepEqual(changes[0].paths, ['config.input.amount']);
});

test('the same document with its keys reordered is no change, and the version number is not a change', () => {
  const reordered = reversedKeys({ ...V1, version: 7 });
  assert.deepEqual(definitionDiff(V1, reordered), []);
});

test('a removed node is named once, and missing documents read as empty', () => {
  const v2 = { ...structuredClone(V1), nodes: [V1.nodes[0]], edges: [] };
  const changes = definitionDiff(V1, v2);
  assert.ok(changes.some((c) => c.kind === 'node' && c.change === 'removed' && c.name === 'charge'));
  assert.equal(changes.filter((c) => c.name === 'charge').length, 1);
  assert.ok(definitionDiff(undefined, V1).every((c) => c.change === 'added'));
});

function reversedKeys(value) {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reversedKeys(value[k])]));
  }
  return value;
}
