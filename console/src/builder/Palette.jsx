import { useMemo, useState } from 'react';
import { KINDS, groupByProvider } from './model.js';

/**
 * The node kinds and the registry's functions, grouped by provider and searchable. Each item is
 * dragged onto the canvas, or added with a click (or Enter) for those who do not drag.
 */
export function Palette({ functions, onAdd }) {
  const [search, setSearch] = useState('');
  const term = search.trim().toLowerCase();
  const kinds = Object.entries(KINDS).filter(([kind, k]) => !term || kind.includes(term) || k.title.toLowerCase().includes(term));
  const groups = useMemo(
    () => groupByProvider(functions.values(), (fn) => fn.enabled && (!term || `${fn.slug} ${fn.name ?? ''} ${fn.description ?? ''}`.toLowerCase().includes(term))),
    [functions, term],
  );
  const item = (key, text, payload, title) => (
    <li key={key}>
      <button
        type="button"
        className="palette-item"
        draggable="true"
        data-palette={key}
        title={title}
        onDragStart={(e) => {
          e.dataTransfer.setData('application/x-flowmesh-node', JSON.stringify(payload));
          e.dataTransfer.effectAllowed = 'move';
        }}
        onClick={() => onAdd({ kind: payload.kind, fn: payload.slug ? functions.get(payload.slug) : undefined })}
      >
        {text}
      </button>
    </li>
  );
  return (
    <nav className="palette" aria-label="Palette">
      <label htmlFor="palette-search">Search</label>
      <input id="palette-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="http, approval, openai…" />
      <h2>Node kinds</h2>
      <ul>{kinds.map(([kind, k]) => item(`kind:${kind}`, k.title, { kind }, `Add a ${k.title.toLowerCase()} node`))}</ul>
      <h2>Functions</h2>
      {groups.map(([provider, fns]) => (
        <details key={provider} open={Boolean(term)} className="palette-group">
          <summary>
            {provider} ({fns.length})
          </summary>
          <ul>{fns.map((fn) => item(`fn:${fn.slug}`, fn.name || fn.slug, { kind: 'action', slug: fn.slug }, `${fn.slug}: ${fn.description ?? ''}`))}</ul>
        </details>
      ))}
    </nav>
  );
}
