import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeStates } from '../src/graph.js';

const DEFINITION = {
  nodes: [
    { id: 't', type: 'trigger' },
    { id: 'call', type: 'action' },
    { id: 'gate', type: 'approval-gate' },
    { id: 'after', type: 'action' },
  ],
};

test('each node takes the state of its latest attempt; a waiting kind that runs is waiting', () => {
  const history = [
    { nodeId: 't', attempt: 1, status: 'COMPLETED' },
    { nodeId: 'call', attempt: 1, status: 'FAILED' },
    { nodeId: 'call', attempt: 2, status: 'COMPLETED' },
    { nodeId: 'gate', attempt: 1, status: 'RUNNING' },
  ];
  const states = nodeStates(DEFINITION, history, { status: 'WAITING' });
  assert.deepEqual(Object.fromEntries(states), {
    t: { state: 'done', attempts: 1 },
    call: { state: 'done', attempts: 2 },
    gate: { state: 'waiting', attempts: 1 },
    after: { state: 'pending', attempts: 0 },
  });
});

test('a node never reached is skipped once the run has ended, and for-each items do not count', () => {
  const history = [
    { nodeId: 't', attempt: 1, status: 'COMPLETED' },
    { nodeId: 'call', attempt: 1, status: 'SCHEDULED' },
    { nodeId: 'call', attempt: 1, status: 'FAILED', itemIndex: 3 },
  ];
  const running = nodeStates(DEFINITION, history, { status: 'RUNNING' });
  assert.equal(running.get('call').state, 'retrying');
  const ended = nodeStates(DEFINITION, history, { status: 'CANCELLED' });
  assert.equal(ended.get('after').state, 'skipped');
});
