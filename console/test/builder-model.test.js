// The builder's pure model: what it saves, what it reads back, and what it tells before the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  diff,
  edge,
  fromDocument,
  localProblems,
  newNode,
  serverProblems,
  templateSuggestions,
  toDocument,
  upstream,
} from '../src/builder/model.js';

// The Workflow Builder's example: trigger -> HTTP request -> approval gate -> action.
const EXAMPLE = {
  id: 'fetch-and-approve',
  name: 'Fetch and approve',
  nodes: [
    { id: 'trigger', type: 'trigger', label: 'Trigger', enabled: true, position: { x: 0, y: 0 }, config: { triggerType: 'Manual' } },
    { id: 'fetch', type: 'action', label: 'Fetch Data', enabled: true, position: { x: 200, y: 0 }, config: { actionId: 'system/http-request', url: 'https://example.com' } },
    { id: 'gate', type: 'approval-gate', label: 'Review', enabled: true, position: { x: 400, y: 0 }, config: { eventName: 'review.decided' } },
    { id: 'notify', type: 'action', label: 'Notify', enabled: true, position: { x: 600, y: 0 }, config: { actionId: 'core/echo', message: '{{FetchData.data.content}}' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'fetch' },
    { id: 'e2', source: 'fetch', target: 'gate' },
    { id: 'e3', source: 'gate', target: 'notify' },
    { id: 'e4', source: 'gate', target: 'notify', sourceHandle: 'timeout' },
  ],
};

const FUNCTIONS = new Map([
  ['system/http-request', { slug: 'system/http-request', inputSchema: { required: ['url'] }, outputSchema: { properties: { status: {}, content: {} } } }],
  ['core/echo', { slug: 'core/echo', inputSchema: {}, outputSchema: { properties: { message: {} } } }],
  ['slack/send-message', { slug: 'slack/send-message', integrationType: 'slack-webhook', inputSchema: { required: ['text'] } }],
]);

test('a document read and saved again is the same document, positions and branch handles kept', () => {
  const { meta, nodes, edges } = fromDocument(EXAMPLE);
  assert.deepEqual(toDocument(meta, nodes, edges), EXAMPLE);
});

test('a document without positions is laid out left to right', () => {
  const withoutPositions = { ...EXAMPLE, nodes: EXAMPLE.nodes.map(({ position, ...node }) => node) };
  const { nodes } = fromDocument(withoutPositions);
  const x = Object.fromEntries(nodes.map((n) => [n.id, n.position.x]));
  assert.ok(x.trigger < x.fetch && x.fetch < x.gate && x.gate < x.notify, JSON.stringify(x));
});

test('upstream holds every node with a path to the node, and not the node after it', () => {
  const { edges } = fromDocument(EXAMPLE);
  assert.deepEqual([...upstream('gate', edges)].sort(), ['fetch', 'trigger']);
  assert.equal(upstream('gate', edges).has('notify'), false);
});

test('template completions name upstream nodes by label, with their output fields in Label.data.field form', () => {
  const { nodes, edges } = fromDocument(EXAMPLE);
  const suggestions = templateSuggestions('notify', nodes, edges, FUNCTIONS);
  assert.ok(suggestions.includes('{{FetchData.data.content}}'), suggestions.join(' '));
  assert.ok(suggestions.includes('{{Review.approved}}'));
  assert.ok(suggestions.includes('{{trigger}}'));
  assert.ok(!suggestions.some((s) => s.startsWith('{{Notify')), 'a node is not its own upstream');
});

test('the example has no problem the page can find', () => {
  const { nodes, edges } = fromDocument(EXAMPLE);
  assert.equal(localProblems(nodes, edges, FUNCTIONS).size, 0);
});

test('a node nobody connects, a required field left empty and a missing connection are named on their nodes', () => {
  const { nodes, edges } = fromDocument(EXAMPLE);
  const lonely = newNode('action', { x: 0, y: 200 }, nodes, FUNCTIONS.get('slack/send-message'));
  const emptyUrl = nodes.map((n) => (n.id === 'fetch' ? { ...n, data: { ...n.data, config: { actionId: 'system/http-request' } } } : n));
  const problems = localProblems([...emptyUrl, lonely], edges, FUNCTIONS);
  assert.deepEqual(problems.get('fetch'), [{ field: 'config.url', message: 'is required' }]);
  const fields = problems.get(lonely.id).map((p) => p.field);
  assert.ok(fields.includes(null), 'not connected');
  assert.ok(fields.includes('config.text'));
  assert.ok(fields.includes('config.connectionId'));
});

test('a node behind a cycle that the trigger never reaches is unreachable, and two triggers are refused', () => {
  const { nodes, edges } = fromDocument(EXAMPLE);
  const a = newNode('action', { x: 0, y: 0 }, nodes, FUNCTIONS.get('core/echo'));
  const b = newNode('action', { x: 0, y: 0 }, [...nodes, a], FUNCTIONS.get('core/echo'));
  const cycle = [edge(a.id, b.id, null, null, 'c1'), edge(b.id, a.id, null, null, 'c2')];
  const problems = localProblems([...nodes, a, b], [...edges, ...cycle], FUNCTIONS);
  assert.deepEqual(problems.get(a.id), [{ field: null, message: 'unreachable from the trigger' }]);

  const second = newNode('trigger', { x: 0, y: 0 }, nodes);
  assert.notEqual(second.id, 'trigger', 'new ids never collide');
  const twoTriggers = localProblems([...nodes, second], edges, FUNCTIONS);
  assert.equal(twoTriggers.get('trigger')[0].message, 'a workflow has exactly one trigger');
});

test("the server's problems land on the nodes and edges they name", () => {
  const problem = {
    errors: [
      { field: 'nodes[1].config.url', message: 'must be an absolute URL' },
      { field: 'edges[2].target', message: 'unknown node' },
      { field: 'name', message: 'is required' },
    ],
  };
  const byNode = serverProblems(problem, EXAMPLE);
  assert.deepEqual(byNode.get('fetch'), [{ field: 'config.url', message: 'must be an absolute URL' }]);
  assert.deepEqual(byNode.get('gate'), [{ field: 'edges[2].target', message: 'unknown node' }]);
  assert.deepEqual(byNode.get(null), [{ field: 'name', message: 'is required' }]);
  assert.deepEqual(serverProblems({ detail: 'No.' }, EXAMPLE).get(null), [{ field: null, message: 'No.' }]);
});

test('the diff against the saved version names changed fields, and tells moved, added and removed nodes and edges apart', () => {
  const moved = structuredClone(EXAMPLE);
  moved.nodes[2].position = { x: 450, y: 20 };
  moved.nodes[3].config.message = 'changed';
  moved.nodes.push({ id: 'late', type: 'end', label: 'End', enabled: true, position: { x: 800, y: 0 }, config: {} });
  moved.edges.push({ id: 'e5', source: 'notify', target: 'late' });
  moved.edges = moved.edges.filter((e) => e.id !== 'e1');
  // the saved document comes back with its keys reordered: that is no change
  const saved = reversedKeys(EXAMPLE);
  assert.deepEqual(diff(saved, moved).sort(), [
    '+ edge notify → late',
    '+ node late',
    '- edge trigger → fetch',
    '~ moved gate',
    '~ node notify: config.message',
  ]);
  assert.deepEqual(diff(EXAMPLE, structuredClone(EXAMPLE)), []);
});

/** The same value with every object's keys in reverse order, as PostgreSQL's jsonb may return it. */
function reversedKeys(value) {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reversedKeys(value[k])]));
  }
  return value;
}

test('an edge that only got an id, as one saved through the API gets on reading, is no change', () => {
  const withoutIds = { ...structuredClone(EXAMPLE), edges: EXAMPLE.edges.map(({ id, ...e }) => e) };
  const { meta, nodes, edges } = fromDocument(withoutIds);
  assert.deepEqual(diff(withoutIds, toDocument(meta, nodes, edges)), []);
});
