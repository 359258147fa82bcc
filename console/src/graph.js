import dagre from '@dagrejs/dagre';
import { h, svg } from './dom.js';

const NODE_WIDTH = 150;
const NODE_HEIGHT = 46;
const WAITING_TYPES = new Set(['approval-gate', 'manual-task', 'timer', 'sub-workflow']);

/**
 * Each node's state from the run's history: its latest attempt decides, "retried" is added when
 * it took more than one, and a node with no attempt is "pending" while the run goes on and
 * "skipped" once the run has finished without reaching it.
 */
export function nodeStates(definition, history, run) {
  const latest = new Map();
  for (const attempt of history ?? []) {
    if (attempt.itemIndex !== null && attempt.itemIndex !== undefined) continue;
    latest.set(attempt.nodeId, attempt);
  }
  const finished = ['COMPLETED', 'FAILED', 'CANCELLED'].includes(run?.status);
  const states = new Map();
  for (const node of definition.nodes ?? []) {
    const attempt = latest.get(node.id);
    let state;
    if (!attempt) state = finished ? 'skipped' : 'pending';
    else if (attempt.status === 'COMPLETED') state = 'done';
    else if (attempt.status === 'FAILED') state = 'failed';
    else if (attempt.status === 'SCHEDULED') state = 'retrying';
    else if (attempt.status === 'RUNNING') state = WAITING_TYPES.has(node.type) ? 'waiting' : 'running';
    else state = attempt.status.toLowerCase();
    states.set(node.id, { state, attempts: attempt?.attempt ?? 0 });
  }
  return states;
}

/** The definition laid out left to right by dagre, drawn as SVG; each node coloured by state. */
export function workflowGraph(definition, states = new Map()) {
  const layout = new dagre.graphlib.Graph();
  layout.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 48, marginx: 8, marginy: 8 });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const node of definition.nodes ?? []) {
    layout.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  }
  for (const edge of definition.edges ?? []) {
    if (layout.hasNode(edge.source) && layout.hasNode(edge.target)) layout.setEdge(edge.source, edge.target);
  }
  dagre.layout(layout);
  const { width = 0, height = 0 } = layout.graph();

  const edges = layout.edges().map((e) => {
    const points = layout.edge(e).points;
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
    return svg('path', { d, 'marker-end': 'url(#arrow)', class: 'edge' });
  });
  const nodes = (definition.nodes ?? []).map((node) => {
    const { x, y } = layout.node(node.id);
    const { state = 'pending', attempts = 0 } = states.get(node.id) ?? {};
    const title = node.label || node.id;
    const retried = attempts > 1 ? ` · attempt ${attempts}` : '';
    return svg(
      'g',
      {
        class: `node state-${state}`,
        transform: `translate(${x - NODE_WIDTH / 2},${y - NODE_HEIGHT / 2})`,
        'data-node-id': node.id,
        'data-state': state,
        role: 'listitem',
        'aria-label': `${title} (${node.type}): ${state}${retried}`,
      },
      svg('rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 8 }),
      svg('text', { x: 10, y: 19, class: 'node-title' }, truncate(title, 18)),
      svg('text', { x: 10, y: 36, class: 'node-sub' }, `${node.type} · ${state}${retried}`),
    );
  });
  const defs = svg(
    'defs',
    {},
    svg(
      'marker',
      { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' },
      svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }),
    ),
  );
  return h(
    'div',
    { className: 'graph', tabindex: 0, 'aria-label': 'Workflow graph (scrolls sideways)' },
    svg(
      'svg',
      { width, height, viewBox: `0 0 ${width} ${height}`, role: 'list', 'aria-label': 'Workflow nodes' },
      defs,
      edges,
      nodes,
    ),
  );
}

function truncate(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
