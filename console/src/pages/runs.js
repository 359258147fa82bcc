import { h, formatTime, scrollingTable, statusBadge } from '../dom.js';
import { api, query } from '../api.js';
import { confirmAction, problemMessage } from '../dialog.js';
import { liveRunChanges } from '../live.js';
import { ACTIONS, perform } from '../run-actions.js';

const STATUSES = ['', 'RUNNING', 'WAITING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED'];
const PAGE_SIZE = 20;
// The list's filters as the URL and the API name them; each is optional.
const FILTERS = ['status', 'workflowId', 'version', 'startedAfter', 'startedBefore', 'businessKey'];

/**
 * Runs, newest first, filtered by status, workflow and version, start time and business key; pages
 * follow the API's cursor. Kept current by the run status stream (polling when it is down), and
 * a selection of runs can be cancelled, retried, paused or resumed at once.
 */
export function runsPage({ search, navigate }) {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, search.get(name) ?? '']));
  // cursors[i] is the cursor of page i (null for the first); going back pops it.
  const cursors = [null];
  let nextCursor = null;
  const selected = new Set();
  let shown = [];

  const status = h('select', { id: 'filter-status', name: 'status' }, STATUSES.map((s) => h('option', { value: s, selected: s === filters.status }, s || 'any')));
  const workflow = h('input', { id: 'filter-workflow', name: 'workflowId', value: filters.workflowId, placeholder: 'workflow id' });
  const version = h('input', { id: 'filter-version', name: 'version', type: 'number', min: 1, step: 1, value: filters.version, className: 'short' });
  const after = h('input', { id: 'filter-after', name: 'startedAfter', type: 'datetime-local', value: toLocalInput(filters.startedAfter) });
  const before = h('input', { id: 'filter-before', name: 'startedBefore', type: 'datetime-local', value: toLocalInput(filters.startedBefore) });
  const businessKey = h('input', { id: 'filter-business-key', name: 'businessKey', value: filters.businessKey, placeholder: 'business key' });
  const form = h(
    'form',
    { className: 'filters', role: 'search' },
    labelled('Status', status),
    labelled('Workflow', workflow),
    labelled('Version', version),
    labelled('Started after', after),
    labelled('Started before', before),
    labelled('Business key', businessKey),
    h('button', { type: 'submit' }, 'Filter'),
  );
  const body = h('tbody');
  const feedback = h('div');
  const previous = h('button', { className: 'secondary', disabled: true }, 'Previous');
  const next = h('button', { className: 'secondary', disabled: true }, 'Next');
  const pageLabel = h('span', { className: 'muted' });
  const liveLabel = h('span', { className: 'muted live', id: 'live-mode', 'aria-live': 'polite' }, 'Live: connecting');
  const selectAll = h('input', { type: 'checkbox', id: 'select-all', 'aria-label': 'Select every run on this page' });
  const selection = h('span', { className: 'muted', id: 'selection-count' }, 'No run selected');
  const bulkButtons = ACTIONS.map((action) =>
    h('button', { className: action.op === 'cancel' ? 'danger' : 'secondary', 'data-bulk': action.op, disabled: true, onClick: () => bulk(action) }, action.label),
  );
  const results = h('div', { id: 'bulk-results', 'aria-live': 'polite' });

  const renderSelection = () => {
    selection.textContent = selected.size ? `${selected.size} selected` : 'No run selected';
    bulkButtons.forEach((b) => (b.disabled = selected.size === 0));
    selectAll.checked = shown.length > 0 && shown.every((run) => selected.has(run.runId));
  };

  const row = (run) => {
    const box = h('input', {
      type: 'checkbox',
      checked: selected.has(run.runId),
      'aria-label': `Select ${run.runId}`,
      onChange: (event) => {
        if (event.target.checked) selected.add(run.runId);
        else selected.delete(run.runId);
        renderSelection();
      },
    });
    return h(
      'tr',
      { 'data-run-id': run.runId, 'data-status': run.status },
      h('td', {}, box),
      h('td', {}, h('a', { href: `/console/runs/${encodeURIComponent(run.runId)}` }, run.runId), run.parentRunId ? h('div', { className: 'muted' }, 'child of ', h('a', { href: `/console/runs/${encodeURIComponent(run.parentRunId)}` }, run.parentRunId)) : null),
      h('td', {}, `${run.workflowId} v${run.version}`),
      h('td', {}, statusBadge(run.status)),
      h('td', {}, run.businessKey ?? ''),
      h('td', {}, formatTime(run.startedAt)),
      h('td', {}, formatTime(run.completedAt)),
    );
  };

  const load = async () => {
    try {
      const page = await api(`/runs${query({ ...filters, limit: PAGE_SIZE, cursor: cursors.at(-1) })}`);
      nextCursor = page.nextCursor;
      shown = page.items;
      body.replaceChildren(...page.items.map(row));
      if (page.items.length === 0) body.append(h('tr', {}, h('td', { colspan: 7 }, 'No runs match.')));
      previous.disabled = cursors.length === 1;
      next.disabled = !nextCursor;
      pageLabel.textContent = `Page ${cursors.length}`;
      feedback.replaceChildren();
      renderSelection();
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  };

  // A burst of changes (a bulk cancel, many starts) reloads the page once, not once per change.
  let reloadTimer = null;
  const reloadSoon = () => {
    if (reloadTimer) return;
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      load();
    }, 300);
  };

  const bulk = async (action) => {
    const runIds = [...selected];
    const question = `${action.label}: ${runIds.length} run${runIds.length === 1 ? '' : 's'}? Each is tried on its own; a run whose state does not allow it is reported and left as it is.`;
    if (!(await confirmAction(question, `${action.label} ${runIds.length}`))) return;
    const items = new Map(runIds.map((id) => [id, h('li', { 'data-result-run': id }, h('code', {}, id), ': …')]));
    results.replaceChildren(h('h2', {}, `${action.label}: results`), h('ul', { className: 'results' }, [...items.values()]));
    for (const runId of runIds) {
      const item = items.get(runId);
      try {
        const run = await perform(runId, action.op);
        item.replaceChildren(h('code', {}, runId), ': ', statusBadge(run.status));
        item.dataset.outcome = 'done';
      } catch (error) {
        item.replaceChildren(h('code', {}, runId), `: ${error.describe?.() ?? error.message}`);
        item.dataset.outcome = 'refused';
      }
    }
    selected.clear();
    await load();
  };

  selectAll.addEventListener('change', () => {
    for (const run of shown) {
      if (selectAll.checked) selected.add(run.runId);
      else selected.delete(run.runId);
    }
    body.querySelectorAll('input[type=checkbox]').forEach((box) => (box.checked = selectAll.checked));
    renderSelection();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(
      `/runs${query({
        status: status.value,
        workflowId: workflow.value.trim(),
        version: version.value,
        startedAfter: fromLocalInput(after.value),
        startedBefore: fromLocalInput(before.value),
        businessKey: businessKey.value.trim(),
      })}`,
    );
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
    h('div', { className: 'row spread' }, h('h1', { id: 'runs-title' }, 'Runs'), liveLabel),
    form,
    feedback,
    h('div', { className: 'row bulk', role: 'group', 'aria-label': 'Actions on the selected runs' }, selection, ...bulkButtons),
    results,
    scrollingTable(
      'Runs',
      h(
        'table',
        { id: 'runs-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, selectAll), ['Run', 'Workflow', 'Status', 'Business key', 'Started', 'Finished'].map((c) => h('th', { scope: 'col' }, c)))),
        body,
      ),
    ),
    h('div', { className: 'row' }, previous, pageLabel, next),
  );
  const stop = liveRunChanges({
    onChange: reloadSoon,
    refresh: load,
    onMode: (mode) => {
      liveLabel.dataset.mode = mode;
      liveLabel.textContent = mode === 'stream' ? 'Live: updates as runs change' : 'Live: refreshes every 3 s';
    },
  });
  return {
    element,
    stop: () => {
      clearTimeout(reloadTimer);
      stop();
    },
  };
}

function labelled(text, control) {
  return h('span', { className: 'filter' }, h('label', { for: control.id }, text), control);
}

/** An RFC 3339 instant as a datetime-local input shows it, in the browser's time zone. */
function toLocalInput(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 16);
}

function fromLocalInput(value) {
  return value ? new Date(value).toISOString() : '';
}
