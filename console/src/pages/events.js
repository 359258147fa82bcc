import { h, formatTime, scrollingTable, statusBadge } from '../dom.js';
import { api, query } from '../api.js';
import { confirmAction, problemMessage, toast } from '../dialog.js';
import { jsonView } from '../json-view.js';

const RECENT = 60 * 60 * 1000;

/** Schedules (pause, resume, trigger now), triggers, and the events accepted in the last hour. */
export function eventsPage() {
  const schedules = h('tbody');
  const triggers = h('tbody');
  const events = h('tbody');
  const feedback = h('div');

  const load = async () => {
    try {
      const from = new Date(Date.now() - RECENT).toISOString();
      const [s, t, e] = await Promise.all([
        api(`/schedules${query({ limit: 50 })}`),
        api(`/triggers${query({ limit: 50 })}`),
        api(`/events${query({ from, limit: 50 })}`),
      ]);
      schedules.replaceChildren(...s.items.map((schedule) => scheduleRow(schedule, feedback, load)));
      if (!s.items.length) schedules.append(emptyRow(5, 'No schedule.'));
      triggers.replaceChildren(...t.items.map(triggerRow));
      if (!t.items.length) triggers.append(emptyRow(4, 'No trigger.'));
      // The store lists oldest first; the newest are what an operator looks for.
      events.replaceChildren(...e.items.reverse().map(eventRow));
      if (!e.items.length) events.append(emptyRow(4, 'No event in the last hour.'));
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  };
  load();

  const element = h(
    'section',
    { 'aria-labelledby': 'events-title' },
    h('div', { className: 'row spread' }, h('h1', { id: 'events-title' }, 'Events'), h('button', { className: 'secondary', onClick: load }, 'Refresh')),
    feedback,
    h('h2', {}, 'Schedules'),
    table('Schedules', ['Schedule', 'Workflow', 'When', 'Next times', 'Actions'], schedules),
    h('h2', {}, 'Triggers'),
    table('Triggers', ['Trigger', 'Workflow', 'Event types', 'State'], triggers),
    h('h2', {}, 'Events of the last hour'),
    table('Events', ['Accepted', 'Type', 'Origin', 'Event'], events),
  );
  return { element };
}

function table(label, columns, body) {
  return scrollingTable(label, h('table', {}, h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))), body));
}

function emptyRow(columns, text) {
  return h('tr', {}, h('td', { colspan: columns }, text));
}

function scheduleRow(schedule, feedback, reload) {
  const operate = async (op, question, label) => {
    if (!(await confirmAction(question, label))) return;
    try {
      await api(`/schedules/${encodeURIComponent(schedule.id)}/${op}`, { method: 'POST', body: {} });
      toast(`${label}: done`);
      reload();
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  };
  const name = schedule.name || schedule.id;
  const actions = schedule.paused
    ? [h('button', { className: 'secondary', onClick: () => operate('resume', `Resume "${name}"? Times missed while paused do not fire.`, 'Resume') }, 'Resume')]
    : [h('button', { className: 'secondary', onClick: () => operate('pause', `Pause "${name}"? Nothing fires until it is resumed.`, 'Pause') }, 'Pause')];
  actions.push(h('button', { className: 'secondary', onClick: () => operate('trigger', `Start a run of "${schedule.workflowId}" now?`, 'Trigger now') }, 'Trigger now'));
  return h(
    'tr',
    { 'data-schedule-id': schedule.id, 'data-paused': String(schedule.paused) },
    h('td', {}, name, schedule.paused ? [' ', statusBadge('PAUSED')] : null),
    h('td', {}, schedule.workflowId),
    h('td', {}, schedule.cron ? `${schedule.cron} (${schedule.timeZone ?? 'UTC'})` : schedule.every ? `every ${schedule.every}` : formatTime(schedule.at)),
    h('td', {}, (schedule.nextFireTimes ?? []).slice(0, 3).map((t) => h('div', {}, formatTime(t)))),
    h('td', {}, h('div', { className: 'row' }, actions)),
  );
}

function triggerRow(trigger) {
  return h(
    'tr',
    {},
    h('td', {}, trigger.name || trigger.id),
    h('td', {}, trigger.workflowId),
    h('td', {}, (trigger.eventTypes ?? []).join(', ')),
    h('td', {}, statusBadge(trigger.enabled ? 'ENABLED' : 'DISABLED')),
  );
}

function eventRow(stored) {
  return h(
    'tr',
    {},
    h('td', {}, formatTime(stored.receivedAt)),
    h('td', {}, stored.event?.type ?? ''),
    h('td', {}, stored.origin),
    h('td', {}, jsonView(stored.event?.data ?? null, `Data of event ${stored.id}`)),
  );
}
