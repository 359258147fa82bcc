import { h, formatTime, scrollingTable, statusBadge } from '../dom.js';
import { api, query } from '../api.js';
import { confirmAction, problemMessage, toast } from '../dialog.js';

/**
 * Webhook subscriptions with their health (state, blocked keys, backlog and its oldest age). Each
 * opens to its keys' queues (unblock a blocked key), its deliveries with their attempts (replay a
 * delivered or dead one) and a secret rotation that shows the new secret once.
 */
export function webhooksPage() {
  const list = h('div', { className: 'stack' });
  const feedback = h('div');

  const load = async () => {
    try {
      const subs = await api(`/webhook-subscriptions${query({ limit: 50 })}`);
      list.replaceChildren(...subs.items.map(subscriptionCard));
      if (!subs.items.length) list.append(h('p', {}, 'No subscription.'));
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  };
  load();

  const element = h(
    'section',
    { 'aria-labelledby': 'webhooks-title' },
    h('h1', { id: 'webhooks-title' }, 'Webhooks'),
    feedback,
    h('h2', {}, 'Subscriptions'),
    list,
  );
  return { element };
}

function subscriptionCard(subscription) {
  const id = subscription.id;
  const base = `/webhook-subscriptions/${encodeURIComponent(id)}`;
  const health = h('span', { className: 'muted health' }, 'checking…');
  const feedback = h('div');
  const secret = h('div', { 'aria-live': 'polite' });
  const keysBody = h('tbody');
  const deliveriesBody = h('tbody');
  const keyState = h('select', { id: `keys-${id}`, name: 'state' }, ['backlog', 'blocked', 'all'].map((s) => h('option', { value: s }, s)));
  const deliveryStatus = h('select', { id: `status-${id}`, name: 'status' }, ['', 'pending', 'delivered', 'dead'].map((s) => h('option', { value: s }, s || 'any')));

  const showProblem = (error) => feedback.replaceChildren(problemMessage(error));

  // Health from the API that exists: the subscription's state and its keys' queues.
  const loadHealth = async () => {
    try {
      const [backlog, blocked] = await Promise.all([api(`${base}/keys${query({ limit: 200 })}`), api(`${base}/keys${query({ state: 'blocked', limit: 200 })}`)]);
      const pending = backlog.items.reduce((sum, k) => sum + k.pending, 0);
      const oldest = Math.max(0, ...backlog.items.map((k) => k.oldestPendingAgeSeconds));
      const more = backlog.nextCursor ? '+' : '';
      const parts = [
        subscription.state === 'ACTIVE' ? null : `disabled${subscription.disabledReason ? `: ${subscription.disabledReason}` : ''}`,
        blocked.items.length ? `${blocked.items.length}${blocked.nextCursor ? '+' : ''} blocked key${blocked.items.length === 1 ? '' : 's'}` : null,
        pending ? `${pending}${more} undelivered, oldest ${age(oldest)}` : 'nothing waiting',
      ].filter(Boolean);
      health.textContent = parts.join(' · ');
      health.dataset.health = subscription.state !== 'ACTIVE' || blocked.items.length ? 'attention' : 'healthy';
    } catch (error) {
      health.textContent = error.message;
    }
  };

  const loadKeys = async () => {
    try {
      const keys = await api(`${base}/keys${query({ state: keyState.value, limit: 50 })}`);
      keysBody.replaceChildren(...keys.items.map(keyRow));
      if (!keys.items.length) keysBody.append(h('tr', {}, h('td', { colspan: 5 }, 'No key in this state.')));
    } catch (error) {
      showProblem(error);
    }
  };

  const keyRow = (key) =>
    h(
      'tr',
      { 'data-key': key.key },
      h('td', {}, h('code', {}, key.key)),
      h('td', {}, String(key.pending)),
      h('td', {}, key.oldestPendingAt ? `${age(key.oldestPendingAgeSeconds)} (since ${formatTime(key.oldestPendingAt)})` : ''),
      h('td', {}, key.blockedBy ? h('code', {}, key.blockedBy) : ''),
      h(
        'td',
        {},
        key.blockedBy
          ? h(
              'div',
              { className: 'row' },
              h('button', { className: 'secondary', onClick: () => unblock(key, 'retry') }, 'Unblock: retry'),
              h('button', { className: 'secondary', onClick: () => unblock(key, 'skip') }, 'Unblock: skip'),
            )
          : null,
      ),
    );

  const unblock = async (key, mode) => {
    const question =
      mode === 'retry'
        ? `Send the dead delivery that blocks key ${key.key} again, first in line, with a fresh retry schedule?`
        : `Leave the dead delivery that blocks key ${key.key} a dead letter and go on with the key's queue?`;
    if (!(await confirmAction(question, mode === 'retry' ? 'Retry it' : 'Skip it'))) return;
    try {
      await api(`${base}/keys/unblock`, { method: 'POST', body: { key: key.key, mode } });
      toast(`Key ${key.key} unblocked`);
      feedback.replaceChildren();
    } catch (error) {
      showProblem(error);
    }
    await Promise.all([loadKeys(), loadDeliveries(), loadHealth()]);
  };

  const loadDeliveries = async () => {
    try {
      const sent = await api(`/webhook-deliveries${query({ subscriptionId: id, status: deliveryStatus.value, limit: 50 })}`);
      deliveriesBody.replaceChildren(...sent.items.map(deliveryRow));
      if (!sent.items.length) deliveriesBody.append(h('tr', {}, h('td', { colspan: 6 }, 'No delivery.')));
    } catch (error) {
      showProblem(error);
    }
  };

  const deliveryRow = (d) => {
    const attempts = h('div');
    const showAttempts = async (button) => {
      if (button.getAttribute('aria-expanded') === 'true') {
        attempts.replaceChildren();
        button.setAttribute('aria-expanded', 'false');
        return;
      }
      try {
        const page = await api(`/webhook-deliveries/${encodeURIComponent(d.id)}/attempts${query({ limit: 50 })}`);
        attempts.replaceChildren(attemptsTable(d.id, page.items));
        button.setAttribute('aria-expanded', 'true');
      } catch (error) {
        showProblem(error);
      }
    };
    const replay = async () => {
      if (!(await confirmAction(`Send delivery ${d.id} again, at the end of its key's queue?`, 'Replay'))) return;
      try {
        await api(`/webhook-deliveries/${encodeURIComponent(d.id)}/replay`, { method: 'POST', body: {} });
        toast('Replay queued');
        await loadDeliveries();
      } catch (error) {
        showProblem(error);
      }
    };
    const canReplay = ['delivered', 'dead'].includes(String(d.status).toLowerCase());
    const attemptsButton = h('button', { className: 'secondary', 'aria-expanded': 'false', 'aria-controls': `attempts-${d.id}` }, `Attempts (${d.attempts})`);
    attemptsButton.addEventListener('click', () => showAttempts(attemptsButton));
    attempts.id = `attempts-${d.id}`;
    return h(
      'tr',
      { 'data-delivery-id': d.id },
      h('td', {}, h('code', {}, d.id), h('div', { className: 'muted' }, formatTime(d.createdAt)), attempts),
      h('td', {}, d.eventType ?? ''),
      h('td', {}, d.orderingKey ?? ''),
      h('td', {}, statusBadge(d.status), d.blocksKey ? h('div', { className: 'muted' }, 'blocks its key') : null, d.lastError ? h('div', { className: 'muted' }, d.lastError) : null),
      h('td', {}, d.nextAttemptAt ? formatTime(d.nextAttemptAt) : ''),
      h('td', {}, h('div', { className: 'row' }, attemptsButton, canReplay ? h('button', { className: 'secondary', onClick: replay }, 'Replay') : null)),
    );
  };

  const rotate = async () => {
    const question = `Rotate the signing secret of ${id}? The new secret is shown once; the old one keeps signing alongside it for 24 hours.`;
    if (!(await confirmAction(question, 'Rotate'))) return;
    try {
      const rotated = await api(`${base}/rotate-secret`, { method: 'POST', body: {} });
      secret.replaceChildren(
        h(
          'div',
          { className: 'card secret', role: 'status' },
          h('p', {}, 'The new secret, shown only now: copy it to the receiver.'),
          h('code', { id: `secret-${id}` }, rotated.secret),
          h('p', { className: 'muted' }, `The previous secret also signs until ${formatTime(rotated.previousSecretExpiresAt)}.`),
        ),
      );
    } catch (error) {
      showProblem(error);
    }
  };

  keyState.addEventListener('change', loadKeys);
  deliveryStatus.addEventListener('change', loadDeliveries);
  loadHealth();

  const details = h(
    'details',
    { className: 'card', 'data-subscription-id': id },
    h('summary', {}, statusBadge(subscription.state), ' ', h('code', {}, id), ' ', h('span', {}, subscription.url), ' ', health),
    h('p', { className: 'muted' }, `Event types: ${(subscription.eventTypes ?? []).join(', ')} · failure policy ${subscription.failurePolicy ?? ''}`),
    feedback,
    h('div', { className: 'row' }, h('button', { className: 'secondary', 'data-action': 'rotate-secret', onClick: rotate }, 'Rotate secret')),
    secret,
    h('div', { className: 'row spread' }, h('h3', {}, 'Keys'), h('div', { className: 'row' }, h('label', { for: `keys-${id}` }, 'Keys'), keyState)),
    table(`Keys of ${id}`, ['Key', 'Undelivered', 'Oldest undelivered', 'Blocked by', 'Action'], keysBody),
    h('div', { className: 'row spread' }, h('h3', {}, 'Deliveries'), h('div', { className: 'row' }, h('label', { for: `status-${id}` }, 'Status'), deliveryStatus)),
    table(`Deliveries of ${id}`, ['Delivery', 'Event', 'Key', 'Status', 'Next attempt', 'Action'], deliveriesBody),
  );
  let opened = false;
  details.addEventListener('toggle', () => {
    if (!details.open || opened) return;
    opened = true;
    loadKeys();
    loadDeliveries();
  });
  return details;
}

function attemptsTable(deliveryId, attempts) {
  if (!attempts.length) return h('p', { className: 'muted' }, 'Not attempted yet.');
  return table(
    `Attempts of ${deliveryId}`,
    ['#', 'When', 'HTTP status', 'Took', 'Response or error'],
    h(
      'tbody',
      {},
      attempts.map((a) =>
        h('tr', {}, h('td', {}, String(a.attempt)), h('td', {}, formatTime(a.attemptedAt)), h('td', {}, a.statusCode ?? '—'), h('td', {}, `${a.latencyMs} ms`), h('td', {}, a.error ?? a.responseExcerpt ?? '')),
      ),
    ),
  );
}

function table(label, columns, body) {
  return scrollingTable(label, h('table', {}, h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))), body));
}

function age(seconds) {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}
