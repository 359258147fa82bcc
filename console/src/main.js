import './styles.css';
import { h } from './dom.js';
import { session } from './session.js';
import { signInPage } from './pages/signin.js';
import { runsPage } from './pages/runs.js';
import { runDetailPage } from './pages/run-detail.js';
import { definitionsPage } from './pages/definitions.js';
import { inboxPage } from './pages/inbox.js';
import { webhooksPage } from './pages/webhooks.js';
import { eventsPage } from './pages/events.js';
import { builderPage } from './pages/builder.js';

const BASE = '/console';

// Path → page. Each page returns its element and, optionally, a function that stops its polling
// when the user navigates away.
const ROUTES = [
  { pattern: /^\/runs\/([^/]+)$/, page: runDetailPage, title: 'Run' },
  { pattern: /^\/runs\/?$/, page: runsPage, title: 'Runs', nav: 'Runs' },
  { pattern: /^\/definitions\/?$/, page: definitionsPage, title: 'Definitions', nav: 'Definitions' },
  { pattern: /^\/builder\/([^/]+)$/, page: builderPage, title: 'Builder', active: 'Builder' },
  { pattern: /^\/builder\/?$/, page: builderPage, title: 'Builder', nav: 'Builder' },
  { pattern: /^\/inbox\/?$/, page: inboxPage, title: 'Inbox', nav: 'Inbox' },
  { pattern: /^\/webhooks\/?$/, page: webhooksPage, title: 'Webhooks', nav: 'Webhooks' },
  { pattern: /^\/events\/?$/, page: eventsPage, title: 'Events', nav: 'Events' },
  { pattern: /^\/sign-in\/?$/, page: signInPage, title: 'Sign in', public: true },
];

let stopCurrent = () => {};

export function navigate(path, { replace = false } = {}) {
  const url = `${BASE}${path}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}

function currentPath() {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '/';
  return path === '' || path === '/' ? '/runs' : path;
}

function render() {
  stopCurrent();
  stopCurrent = () => {};
  const path = currentPath();
  const route = ROUTES.find((r) => r.pattern.test(path));
  if (!route) {
    show(h('section', {}, h('h1', {}, 'Not found'), h('p', {}, `No page at ${path}.`)), 'Not found');
    return;
  }
  if (!route.public && !session.apiKey()) {
    navigate(`/sign-in?next=${encodeURIComponent(path + location.search)}`, { replace: true });
    return;
  }
  const params = path.match(route.pattern).slice(1).map(decodeURIComponent);
  const { element, stop } = route.page({ params, search: new URLSearchParams(location.search), navigate });
  stopCurrent = stop ?? (() => {});
  show(element, route.title, route.nav ?? route.active);
}

function show(element, title, activeNav) {
  document.title = `${title} · Flowmesh console`;
  renderNav(activeNav);
  const main = document.getElementById('main');
  main.replaceChildren(element);
}

function renderNav(active) {
  const nav = document.getElementById('nav');
  if (!session.apiKey()) {
    nav.replaceChildren();
    return;
  }
  const links = ROUTES.filter((r) => r.nav).map((r) =>
    h('a', { href: `${BASE}/${r.nav.toLowerCase()}`, 'aria-current': r.nav === active ? 'page' : null }, r.nav),
  );
  const signOut = h(
    'button',
    {
      className: 'link',
      onClick: () => {
        session.signOut();
        navigate('/sign-in');
      },
    },
    'Sign out',
  );
  nav.replaceChildren(...links, signOut);
}

// Links inside the console navigate without a reload; others (and modified clicks) behave as usual.
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const href = link.getAttribute('href');
  if (!href.startsWith(`${BASE}/`)) return;
  event.preventDefault();
  navigate(href.slice(BASE.length));
});

window.addEventListener('popstate', render);
window.addEventListener('flowmesh:unauthorized', () => {
  if (currentPath().startsWith('/sign-in')) return; // the sign-in form explains it itself
  session.signOut();
  navigate('/sign-in', { replace: true });
});

render();
