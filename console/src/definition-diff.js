// What changed between two versions of a workflow definition: nodes by id, edges by their ends
// (and handle), and the document's other members (name, description, settings...). Pure, so it
// reads the same for any two documents.

/**
 * @returns {{kind: 'node'|'edge'|'setting', change: 'added'|'removed'|'changed', name: string, paths: string[]}[]}
 */
export function definitionDiff(before, after) {
  const changes = [];
  compareBy(before?.nodes ?? [], after?.nodes ?? [], (n) => n.id, 'node', changes);
  compareBy(before?.edges ?? [], after?.edges ?? [], edgeName, 'edge', changes);
  const settings = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const name of [...settings].sort()) {
    if (name === 'nodes' || name === 'edges' || name === 'version') continue;
    const change = compare(before?.[name], after?.[name]);
    if (change) changes.push({ kind: 'setting', change, name, paths: change === 'changed' ? changedPaths(before[name], after[name], name) : [] });
  }
  return changes;
}

function compareBy(oldItems, newItems, keyOf, kind, changes) {
  const before = new Map(oldItems.map((item) => [keyOf(item), item]));
  const after = new Map(newItems.map((item) => [keyOf(item), item]));
  for (const [key, item] of after) {
    const old = before.get(key);
    if (!old) changes.push({ kind, change: 'added', name: key, paths: [] });
    else if (canonical(old) !== canonical(item)) changes.push({ kind, change: 'changed', name: key, paths: changedPaths(old, item, '') });
  }
  for (const key of before.keys()) if (!after.has(key)) changes.push({ kind, change: 'removed', name: key, paths: [] });
}

function edgeName(edge) {
  const handle = edge.sourceHandle ?? edge.branch ?? edge.condition;
  return `${edge.source} → ${edge.target}${handle ? ` (${handle})` : ''}`;
}

function compare(a, b) {
  if (a === undefined && b !== undefined) return 'added';
  if (a !== undefined && b === undefined) return 'removed';
  return canonical(a) === canonical(b) ? null : 'changed';
}

/** The dotted paths of the leaves that differ, e.g. config.input.message; at most 20. */
function changedPaths(a, b, prefix, found = []) {
  if (found.length >= 20) return found;
  const objects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!objects) {
    if (canonical(a) !== canonical(b)) found.push(prefix || '(value)');
    return found;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of [...keys].sort()) {
    changedPaths(a[key], b[key], prefix ? `${prefix}.${key}` : key, found);
  }
  return found;
}

/** JSON with object keys sorted: PostgreSQL's jsonb gives a saved document back reordered. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
