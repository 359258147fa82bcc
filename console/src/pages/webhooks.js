import { h, formatTime, scrollingTable, statusBadge } from '../dom.js';
import { api, query } from '../api.js';
import { confirmAction, problemMessage, toast } from '../dialog.js';

/** Webhook subscriptions and their latest deliveries, each delivered or dead one replayable. */
export function webhooksPage() {
  const subscriptions = h('tbody');
  const deliveries = h('tbody');
  const feedback = h('div');
  const status = h('select', { id: 'delivery-status', name: 'status' }, ['', 'pending', 'delivered', 'dead'].map((s) => h('option', { value: s }, s || 'any')));

  const load = async () => {
    try {
      const [subs, sent] = await Promise.all([
        api(`/webhook-subscriptions${query({ limit: 50 })}`),
        api(`/webhook-deliveries${query({ status: status.value, limit: 50 })}`),
      ]);
      subscriptions.replaceChildren(...subs.items.map(subscriptionRow));
      if (!subs.items.length) subscriptions.append(h('tr', {}, h('td', { colspan: 4 }, 'No subscription.')));
      deliveries.replaceChildren(...sent.items.map((d) => deliveryRow(d, feedback, load)));
      if (!sent.items.length) deliveries.append(h('tr', {}, h('td', { colspan: 5 }, 'No delivery.')));
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  };
  status.addEventListener('change', load);
  load();

  const element = h(
    'section',
    { 'aria-labelledby': 'webhooks-title' },
    h('h1', { id: 'webhooks-title' }, 'Webhooks'),
    feedback,
    h('h2', {}, 'Subscriptions'),
    table('Subscriptions', ['Subscription', 'URL', 'Event types', 'State'], subscriptions),
    h('div', { className: 'row spread' }, h('h2', {}, 'Deliveries'), h('div', { className: 'row' }, h('label', { for: 'delivery-status' }, 'Status'), status)),
    table('Deliveries', ['Delivery', 'Event', 'Key', 'Status', 'Action'], deliveries),
  );
  return { element };
}

function table(label, columns, body) {
  return scrollingTable(label, h('table', {}, h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))), body));
}

function subscriptionRow(s) {
  return h('tr', {}, h('td', {}, h('code', {}, s.id)), h('td', {}, s.url), h('td', {}, (s.eventTypes ?? []).join(', ')), h('td', {}, statusBadge(s.state)));
}

function deliveryRow(d, feedback, reload) {
  const replay = async () => {
    if (!(await confirmAction(`Send delivery ${d.id} again?`, 'Replay'))) return;
    try {
      await api(`/webhook-deliveries/${encodeURIComponent(d.id)}/replay`, { method: 'POST', body: {} });
      toast('Replay queued');
      reload();
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  };
  const canReplay = ['delivered', 'dead'].includes(String(d.status).toLowerCase());
  return h(
    'tr',
    {},
    h('td', {}, h('code', {}, d.id), h('div', { className: 'muted' }, formatTime(d.createdAt))),
    h('td', {}, d.eventType ?? ''),
    h('td', {}, d.orderingKey ?? ''),
    h('td', {}, statusBadge(d.status)),
    h('td', {}, canReplay ? h('button', { className: 'secondary', onClick: replay }, 'Replay') : null),
  );
}
