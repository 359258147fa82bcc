// A tiny element builder: the console has no framework, and building nodes (never innerHTML)
// means text from the API can never become markup.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'className') {
      element.className = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function formatTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

export function durationBetween(start, end) {
  if (!start || !end) return '';
  const ms = new Date(end) - new Date(start);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function statusBadge(status) {
  return h('span', { className: `badge status-${String(status).toLowerCase()}` }, status);
}

/** A table that scrolls sideways on a narrow screen: focusable, so the keyboard can scroll it. */
export function scrollingTable(label, table) {
  return h('div', { className: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': label }, table);
}
