import { h } from './dom.js';

// Readable JSON: collapsible objects and arrays, values coloured by type, long documents folded
// past the second level so a large output does not bury the page.
export function jsonView(value, label) {
  return h('div', { className: 'json', 'aria-label': label }, node(value, 0));
}

function node(value, depth) {
  if (value === null || value === undefined) return h('span', { className: 'j-null' }, 'null');
  if (Array.isArray(value) || typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    if (entries.length === 0) return h('span', { className: 'j-punct' }, Array.isArray(value) ? '[]' : '{}');
    const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    return h(
      'details',
      { open: depth < 2 },
      h('summary', {}, summary),
      h(
        'ul',
        {},
        entries.map(([k, v]) => h('li', {}, h('span', { className: 'j-key' }, `${k}: `), node(v, depth + 1))),
      ),
    );
  }
  if (typeof value === 'string') return h('span', { className: 'j-string' }, JSON.stringify(value));
  if (typeof value === 'number') return h('span', { className: 'j-number' }, String(value));
  return h('span', { className: 'j-bool' }, String(value));
}
