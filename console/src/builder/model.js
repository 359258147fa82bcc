import dagre from '@dagrejs/dagre';
import { definitionDiff } from '../definition-diff.js';

// The builder's own model is React Flow's (nodes with `data`, edges with handles); a definition
// document is the Workflow Builder's format. These pure functions convert between the two, lay
// the graph out and find what the page can tell before the server does.

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 64;

/**
 * The engine's node kinds (docs/workflow-definitions.md), each with the handles its edges leave
 * by, its own configuration fields and a default label. `error` edges leave any kind that can fail.
 */
export const KINDS = {
  trigger: {
    title: 'Trigger',
    outputs: [null],
    inputs: 0,
    fields: {
      triggerType: { type: 'string', enum: ['Manual', 'Schedule', 'Event', 'Webhook'], default: 'Manual' },
      scheduleCron: { type: 'string', description: 'Schedule: cron (5 or 6 fields)' },
      scheduleTimezone: { type: 'string', description: 'Schedule: time zone, UTC by default' },
      eventTypes: { type: 'string', description: 'Event: the CloudEvents type to start on' },
      hookId: { type: 'string', description: 'Webhook: the inbound webhook id' },
    },
  },
  action: { title: 'Action', outputs: [null, 'error'], inputs: 1, fields: {} },
  condition: {
    title: 'Condition',
    outputs: ['true', 'false', 'error'],
    inputs: 1,
    fields: { expression: { type: 'string', description: 'A boolean CEL expression, e.g. trigger.amount > 100' } },
    required: ['expression'],
  },
  switch: {
    title: 'Switch',
    outputs: ['default', 'error'],
    inputs: 1,
    fields: { cases: { type: 'array', description: 'Cases as JSON: [{"id": "vip", "expression": "..."}]' } },
    required: ['cases'],
  },
  parallel: { title: 'Parallel', outputs: [null, 'error'], inputs: 1, fields: {} },
  join: { title: 'Join', outputs: [null, 'error'], inputs: 3, fields: { mode: { type: 'string', enum: ['all', 'any'], default: 'all' } } },
  'approval-gate': {
    title: 'Approval gate',
    outputs: [null, 'timeout', 'error'],
    inputs: 1,
    fields: {
      eventName: { type: 'string', description: 'The event that approves or rejects' },
      message: { type: 'string', template: true },
      timeoutHours: { type: 'number' },
    },
    required: ['eventName'],
  },
  'wait-for-event': {
    title: 'Wait for event',
    outputs: [null, 'timeout', 'error'],
    inputs: 1,
    fields: { eventName: { type: 'string' }, correlation: { type: 'string' }, timeout: { type: 'string', description: 'ISO-8601, e.g. P2D' } },
    required: ['eventName'],
  },
  timer: { title: 'Timer', outputs: [null, 'error'], inputs: 1, fields: { duration: { type: 'string', description: 'ISO-8601, e.g. PT5M' }, until: { type: 'string', template: true } } },
  'manual-task': {
    title: 'Manual task',
    outputs: [null, 'error'],
    inputs: 1,
    fields: {
      title: { type: 'string', template: true },
      assignee: { type: 'string', template: true },
      description: { type: 'string', template: true },
      form: { type: 'object', description: 'The form as a JSON Schema' },
    },
    required: ['title'],
  },
  'publish-event': {
    title: 'Publish event',
    outputs: [null, 'error'],
    inputs: 1,
    fields: { type: { type: 'string', template: true }, subject: { type: 'string', template: true }, data: { type: 'object' } },
    required: ['type'],
  },
  'sub-workflow': {
    title: 'Sub-workflow',
    outputs: [null, 'error'],
    inputs: 1,
    fields: {
      workflowId: { type: 'string' },
      version: { type: 'integer' },
      onChildFailure: { type: 'string', enum: ['fail', 'continue'] },
      input: { type: 'object' },
    },
    required: ['workflowId'],
  },
  'for-each': {
    title: 'For each',
    outputs: [null, 'error'],
    inputs: 1,
    fields: {
      items: { type: 'string', description: 'A list-valued CEL expression' },
      function: { type: 'string' },
      concurrency: { type: 'integer', minimum: 1, maximum: 100 },
      input: { type: 'object' },
    },
    required: ['items', 'function'],
  },
  end: { title: 'End', outputs: [], inputs: 1, fields: {} },
};

/** The label without spaces: how templates name a node (`{{FetchData.data.content}}`). */
export function templateName(node) {
  return String(node.data.label || node.id).replace(/\s+/g, '');
}

export function handleId(handle) {
  return handle ?? 'out';
}

/** A new node of a kind (and, for an action, of a function) at a position. */
export function newNode(kind, position, existing, fn) {
  const base = fn ? fn.name || fn.slug : KINDS[kind].title;
  const ids = new Set(existing.map((n) => n.id));
  const labels = new Set(existing.map((n) => n.data.label));
  let i = 1;
  let label = base;
  while (labels.has(label)) label = `${base} ${++i}`;
  let id = slugify(kind === 'trigger' ? 'trigger' : label);
  for (let j = 2; ids.has(id); j++) id = `${slugify(label)}-${j}`;
  const config = {};
  for (const [name, field] of Object.entries(KINDS[kind].fields)) if (field.default !== undefined) config[name] = field.default;
  if (fn) config.actionId = fn.slug;
  return { id, type: 'step', position, data: { kind, label, config, enabled: true } };
}

function slugify(text) {
  return (
    String(text)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'node'
  );
}

/** A definition document in the Workflow Builder's format, positions kept. */
export function toDocument(meta, nodes, edges) {
  const document = {
    id: meta.id,
    name: meta.name || meta.id,
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.data.kind,
      label: n.data.label,
      ...(n.data.description ? { description: n.data.description } : {}),
      enabled: n.data.enabled !== false,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      config: clean(n.data.config),
    })),
    edges: edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      ...(e.sourceHandle && e.sourceHandle !== 'out' ? { sourceHandle: e.sourceHandle } : {}),
      ...(e.targetHandle && e.targetHandle !== 'in0' ? { targetHandle: e.targetHandle } : {}),
    })),
  };
  if (meta.version) document.version = meta.version;
  if (meta.metadata) document.metadata = meta.metadata;
  return document;
}

function clean(config) {
  const out = {};
  for (const [k, v] of Object.entries(config ?? {})) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

/** React Flow's nodes and edges from a document; nodes without a position are laid out by dagre. */
export function fromDocument(document) {
  const nodes = (document.nodes ?? []).map((n) => ({
    id: n.id,
    type: 'step',
    position: n.position ?? { x: 0, y: 0 },
    data: {
      kind: n.type === 'activity' ? 'action' : n.type,
      originalType: n.type,
      label: n.label ?? n.id,
      description: n.description,
      enabled: n.enabled !== false,
      config: n.config ?? {},
    },
  }));
  const edges = (document.edges ?? []).map((e, i) => edge(e.source, e.target, e.sourceHandle ?? e.branch ?? null, e.targetHandle, e.id ?? `e${i + 1}`));
  const missing = (document.nodes ?? []).some((n) => !n.position);
  return { meta: { id: document.id, name: document.name, version: document.version, metadata: document.metadata }, nodes: missing ? layout(nodes, edges) : nodes, edges };
}

export function edge(source, target, sourceHandle, targetHandle, id) {
  const handle = sourceHandle && sourceHandle !== 'out' ? String(sourceHandle) : null;
  return {
    id: id ?? `e-${source}-${handle ?? 'out'}-${target}-${Math.random().toString(36).slice(2, 7)}`,
    source,
    target,
    sourceHandle: handle ?? 'out',
    targetHandle: targetHandle ?? 'in0',
    label: handle ?? undefined,
    className: handle === 'error' ? 'edge-error' : handle === 'timeout' ? 'edge-timeout' : undefined,
  };
}

/** Left-to-right layered layout by dagre, as the run page draws a run. */
export function layout(nodes, edges) {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 70 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) graph.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of edges) if (graph.hasNode(e.source) && graph.hasNode(e.target)) graph.setEdge(e.source, e.target);
  dagre.layout(graph);
  return nodes.map((n) => {
    const { x, y } = graph.node(n.id);
    return { ...n, position: { x: x - NODE_WIDTH / 2, y: y - NODE_HEIGHT / 2 } };
  });
}

/** Ids of the nodes with a path to `id` (the nodes whose outputs its templates may read). */
export function upstream(id, edges) {
  const into = new Map();
  for (const e of edges) into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
  const seen = new Set();
  const stack = [...(into.get(id) ?? [])];
  while (stack.length) {
    const next = stack.pop();
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(into.get(next) ?? []));
  }
  return seen;
}

/** Known output fields of the kinds that are not functions. */
const KIND_OUTPUTS = {
  'approval-gate': ['approved', 'comment', 'by'],
  'wait-for-event': ['type', 'data'],
  'sub-workflow': ['runId', 'status', 'error'],
};

/**
 * `{{…}}` completions for a node: each upstream node by label, with the fields its function's
 * output schema names in the Workflow Builder's `Label.data.field` form.
 */
export function templateSuggestions(id, nodes, edges, functions) {
  const ids = upstream(id, edges);
  const suggestions = [];
  for (const node of nodes.filter((n) => ids.has(n.id))) {
    const name = node.data.kind === 'trigger' ? 'trigger' : templateName(node);
    if (node.data.kind === 'trigger') {
      suggestions.push('trigger');
      continue;
    }
    const fn = functions.get(node.data.config?.actionId ?? node.data.config?.function);
    const fields = Object.keys(fn?.outputSchema?.properties ?? {});
    for (const field of fields) suggestions.push(`${name}.data.${field}`);
    if (fn?.slug === 'system/http-request') suggestions.push(`${name}.body`);
    for (const field of KIND_OUTPUTS[node.data.kind] ?? []) suggestions.push(`${name}.${field}`);
    suggestions.push(`${name}.success`);
  }
  return suggestions.map((s) => `{{${s}}}`);
}

/**
 * What the page finds by itself, by node id: not reachable from the trigger, no incoming edge,
 * a required field empty, no function, a function that needs a connection without one.
 */
export function localProblems(nodes, edges, functions) {
  const problems = new Map();
  const add = (id, field, message) => problems.set(id, [...(problems.get(id) ?? []), { field, message }]);
  const triggers = nodes.filter((n) => n.data.kind === 'trigger');
  if (triggers.length !== 1) for (const t of triggers) add(t.id, null, 'a workflow has exactly one trigger');
  const reached = new Set();
  const out = new Map();
  for (const e of edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const stack = triggers.map((t) => t.id);
  while (stack.length) {
    const id = stack.pop();
    if (reached.has(id)) continue;
    reached.add(id);
    stack.push(...(out.get(id) ?? []));
  }
  const targets = new Set(edges.map((e) => e.target));
  for (const node of nodes) {
    const kind = KINDS[node.data.kind];
    if (node.data.kind !== 'trigger' && !targets.has(node.id)) add(node.id, null, 'not connected: no edge leads here');
    else if (triggers.length && !reached.has(node.id)) add(node.id, null, 'unreachable from the trigger');
    const config = node.data.config ?? {};
    for (const field of kind?.required ?? []) if (isEmpty(config[field])) add(node.id, `config.${field}`, 'is required');
    if (node.data.kind === 'action') {
      const slug = config.actionId ?? config.function;
      const fn = functions.get(slug);
      if (!slug) add(node.id, 'config.actionId', 'choose a function');
      else if (functions.size && !fn) add(node.id, 'config.actionId', `no function '${slug}'`);
      for (const field of fn?.inputSchema?.required ?? []) if (isEmpty(config[field])) add(node.id, `config.${field}`, 'is required');
      if (fn?.integrationType && isEmpty(config.connectionId)) add(node.id, 'config.connectionId', `needs a ${fn.integrationType} connection`);
    }
  }
  return problems;
}

function isEmpty(value) {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * The server's problem (`errors[].field` such as `nodes[2].config.url`) by node id, against the
 * document that was sent; problems naming no node are returned under `null`.
 */
export function serverProblems(problem, document) {
  const byNode = new Map();
  for (const error of problem?.errors ?? []) {
    const field = String(error.field ?? '');
    const match = field.match(/^nodes\[(\d+)\](?:\.(.*))?$/);
    const edgeMatch = field.match(/^edges\[(\d+)\]/);
    let id = null;
    let rest = field;
    if (match) {
      id = document.nodes[Number(match[1])]?.id ?? null;
      rest = match[2] ?? null;
    } else if (edgeMatch) {
      id = document.edges[Number(edgeMatch[1])]?.source ?? null;
    }
    byNode.set(id, [...(byNode.get(id) ?? []), { field: rest, message: error.message ?? error.detail ?? '' }]);
  }
  if (!byNode.size) byNode.set(null, [{ field: null, message: problem?.detail ?? 'The definition was refused.' }]);
  return byNode;
}

/**
 * What changed against `saved`, a line each: nodes added or removed, a changed node with the
 * fields that changed (`~ node notify: config.message`), a node only moved, and edges added or
 * removed (an edge is its ends and branch; its id is not a change).
 */
export function diff(saved, current) {
  const lines = [];
  for (const { kind, change, name, paths } of definitionDiff(saved, current)) {
    if (kind === 'node' && change === 'changed') {
      const fields = paths.filter((p) => p !== 'position' && !p.startsWith('position.'));
      lines.push(fields.length ? `~ node ${name}: ${fields.join(', ')}` : `~ moved ${name}`);
    } else if (kind === 'node' || (kind === 'edge' && change !== 'changed')) {
      lines.push(`${change === 'added' ? '+' : '-'} ${kind} ${name}`);
    }
  }
  return lines;
}

/** Functions by provider (their plugin, else the slug's namespace), providers in order. */
export function groupByProvider(functions, keep = () => true) {
  const groups = new Map();
  for (const fn of functions) {
    if (!keep(fn)) continue;
    const provider = fn.pluginId || fn.slug.split('/')[0];
    groups.set(provider, [...(groups.get(provider) ?? []), fn]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}
