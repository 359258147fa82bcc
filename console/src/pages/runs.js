import { h, formatTime, scrollingTable, statusBadge } from '../dom.js';
import { api, query } from '../api.js';
import { problemMessage } from '../dialog.js';
import { poll } from '../poll.js';

const STATUSES = ['', 'RUNNING', 'WAITING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED'];
const PAGE_SIZE = 20;

/** Runs, newest first, filtered by status and workflow; pages follow the API's cursor. */
export function runsPage({ search, navigate }) {
  const filters = { status: search.get('status') ?? '', workflowId: search.get('workflowId') ?? '' };
  // cursors[i] is the cursor of page i (null for the first); going back pops it.
  const cursors = [null];
  let nextCursor = null;

  const status = h(
    'select',
    { id: 'filter-status', name: 'status' },
    STATUSES.map((s) => h('option', { value: s, selected: s === filters.status }, s || 'any')),
  );
  const workflow = h('input', { id: 'filter-workflow', name: 'workflowId', value: filters.workflowId, placeholder: 'workflow id' });
  const form = h(
    'form',
    { className: 'filters', role: 'search' },
    h('label', { for: 'filter-status' }, 'Status'),
    status,
    h('label', { for: 'filter-workflow' }, 'Workflow'),
    workflow,
    h('button', { type: 'submit' }, 'Filter'),
  );
  const body = h('tbody');
  const feedback = h('div');
  const previous = h('button', { className: 'secondary', disabled: true }, 'Previous');
  const next = h('button', { className: 'secondary', disabled: true }, 'Next');
  const pageLabel = h('span', { className: 'muted' });

  const load = async () => {
    try {
      const page = await api(
        `/runs${query({ status: filters.status, workflowId: filters.workflowId, limit: PAGE_SIZE, cursor: cursors.at(-1) })}`,
      );
      nextCursor = page.nextCursor;
      body.replaceChildren(...page.items.map(row));
      if (page.items.length === 0) body.append(h('tr', {}, h('td', { colspan: 5 }, 'No runs match.')));
      previous.disabled = cursors.length === 1;
      next.disabled = !nextCursor;
      pageLabel.textContent = `Page ${cursors.length}`;
      feedback.replaceChildren();
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(`/runs${query({ status: status.value, workflowId: workflow.value.trim() })}`);
  });
  next.addEventListener('click', () => {
    cursors.push(nextCursor);
    load();
  });
  previous.addEventListener('click', () => {
    cursors.pop();
    load();
  });

  const element = h(
    'section',
    { 'aria-labelledby': 'runs-title' },
    h('div', { className: 'row spread' }, h('h1', { id: 'runs-title' }, 'Runs'), h('span', { className: 'muted live' }, 'Live: refreshes every 3 s')),
    form,
    feedback,
    scrollingTable(
      'Runs',
      h(
        'table',
        { id: 'runs-table' },
        h('thead', {}, h('tr', {}, ['Run', 'Workflow', 'Status', 'Started', 'Finished'].map((c) => h('th', { scope: 'col' }, c)))),
        body,
      ),
    ),
    h('div', { className: 'row' }, previous, pageLabel, next),
  );
  return { element, stop: poll(load) };
}

function row(run) {
  return h(
    'tr',
    { 'data-run-id': run.runId },
    h('td', {}, h('a', { href: `/console/runs/${encodeURIComponent(run.runId)}` }, run.runId)),
    h('td', {}, `${run.workflowId} v${run.version}`),
    h('td', {}, statusBadge(run.status)),
    h('td', {}, formatTime(run.startedAt)),
    h('td', {}, formatTime(run.completedAt)),
  );
}
