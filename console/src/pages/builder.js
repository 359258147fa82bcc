import { h } from '../dom.js';

/**
 * The visual builder. React Flow and React load only here, as a separate chunk (ADR 0046), so the
 * other pages stay as small as before.
 */
export function builderPage({ params, search, navigate }) {
  const host = h('div', { className: 'builder-host' }, h('p', { className: 'muted' }, 'Loading the builder…'));
  let unmount = null;
  let stopped = false;
  import('../builder/mount.jsx').then(({ mount }) => {
    if (stopped) return;
    host.replaceChildren();
    const version = search.get('version');
    unmount = mount(host, { workflowId: params[0], version: version ? Number(version) : undefined, navigate });
  });
  return {
    element: h('section', { 'aria-labelledby': 'builder-title', className: 'builder-page' }, h('h1', { id: 'builder-title' }, 'Builder'), host),
    stop: () => {
      stopped = true;
      unmount?.();
    },
  };
}
