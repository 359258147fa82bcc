import { h, formatTime, durationBetween, scrollingTable, statusBadge } from '../dom.js';
import { api, query } from '../api.js';
import { confirmAction, problemMessage, toast } from '../dialog.js';
import { jsonView } from '../json-view.js';
import { nodeStates, workflowGraph } from '../graph.js';
import { poll } from '../poll.js';
import { ACTIONS, perform as performOn, rerun } from '../run-actions.js';

/**
 * One run: its graph coloured by node state, its parent and child runs, actions (and rerun), the
 * attempt timeline and the run's data.
 */
export function runDetailPage({ params, navigate }) {
  const [runId] = params;
  const path = `/runs/${encodeURIComponent(runId)}`;
  const definitions = new Map(); // "workflow@version" → document; a version never changes
  const header = h('div');
  const actions = h('div', { className: 'row actions', role: 'group', 'aria-label': 'Run actions' });
  const feedback = h('div');
  const family = h('div', { id: 'run-family' });
  const graph = h('div');
  const timeline = h('div');
  const data = h('div');

  const load = async () => {
    try {
      const [run, history, children] = await Promise.all([
        api(path),
        api(`${path}/history`),
        api(`/runs${query({ parentRunId: runId, limit: 50 })}`),
      ]);
      const key = `${run.workflowId}@${run.version}`;
      if (!definitions.has(key)) {
        const saved = await api(`/workflow-definitions/${encodeURIComponent(run.workflowId)}/versions/${run.version}`);
        definitions.set(key, saved.document);
      }
      const definition = definitions.get(key);
      header.replaceChildren(
        h('h1', { id: 'run-title' }, 'Run ', h('code', {}, run.runId)),
        h(
          'p',
          { className: 'row' },
          statusBadge(run.status),
          h('span', { id: 'run-status', 'data-status': run.status }, `${run.workflowId} v${run.version}`),
          h('span', { className: 'muted' }, `started ${formatTime(run.startedAt)}`),
          run.completedAt ? h('span', { className: 'muted' }, `finished ${formatTime(run.completedAt)}`) : null,
        ),
      );
      renderActions(run);
      family.replaceChildren(...familyOf(run, children.items));
      graph.replaceChildren(h('h2', {}, 'Graph'), workflowGraph(definition, nodeStates(definition, history, run)), legend());
      timeline.replaceChildren(h('h2', {}, 'Attempts'), attemptsTable(history));
      // replaceChildren would print a null as the text "null", so the optional part is a list.
      data.replaceChildren(
        h('h2', {}, 'Data'),
        ...(run.error ? [h('h3', {}, 'Error'), jsonView(run.error, 'Run error')] : []),
        h('h3', {}, 'Outputs by node'),
        jsonView(run.outputs, 'Run outputs'),
      );
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  };

  const renderActions = (run) => {
    actions.replaceChildren(
      ...ACTIONS.filter((a) => a.allowed.includes(run.status)).map((action) =>
        h('button', { className: action.op === 'cancel' ? 'danger' : 'secondary', 'data-action': action.op, onClick: () => perform(action) }, action.label),
      ),
      h('button', { className: 'secondary', 'data-action': 'rerun', onClick: () => startAgain(run) }, 'Rerun'),
    );
  };

  const startAgain = async (run) => {
    const question = `Start a new run of ${run.workflowId} v${run.version} with this run's input? This run stays as it is.`;
    if (!(await confirmAction(question, 'Rerun'))) return;
    try {
      const started = await rerun(run);
      toast(`Rerun: ${started.runId}`);
      navigate(`/runs/${encodeURIComponent(started.runId)}`);
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  };

  const perform = async (action) => {
    if (!(await confirmAction(action.question, action.label))) return;
    try {
      await performOn(runId, action.op);
      feedback.replaceChildren();
      toast(`${action.label}: done`);
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
    await load();
  };

  const element = h('section', { 'aria-labelledby': 'run-title' }, header, actions, feedback, family, graph, timeline, data);
  return { element, stop: poll(load, 2000) };
}

/** Links to the run's parent and children: a sub-workflow's runs, both ways. */
function familyOf(run, children) {
  const parts = [];
  if (run.parentRunId) {
    parts.push(h('p', { id: 'parent-run' }, 'Started by the sub-workflow node of ', h('a', { href: `/console/runs/${encodeURIComponent(run.parentRunId)}` }, run.parentRunId)));
  }
  if (children.length) {
    parts.push(
      h('h2', {}, 'Child runs'),
      h(
        'ul',
        { id: 'child-runs' },
        children.map((child) =>
          h('li', { 'data-child-run': child.runId }, h('a', { href: `/console/runs/${encodeURIComponent(child.runId)}` }, child.runId), ` ${child.workflowId} v${child.version} `, statusBadge(child.status)),
        ),
      ),
    );
  }
  return parts;
}

function legend() {
  const states = ['pending', 'running', 'waiting', 'retrying', 'done', 'failed', 'cancelled', 'skipped'];
  return h('ul', { className: 'legend', 'aria-label': 'Node states' }, states.map((s) => h('li', { className: `state-${s}` }, s)));
}

function attemptsTable(history) {
  if (!history.length) return h('p', { className: 'muted' }, 'No attempt yet.');
  return scrollingTable(
    'Attempts',
    h(
      'table',
      { id: 'attempts' },
      h('thead', {}, h('tr', {}, ['Node', 'Attempt', 'Status', 'Started', 'Took', 'Input', 'Output / error'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        history.map((a) =>
          h(
            'tr',
            {},
            h('td', {}, a.itemIndex === null || a.itemIndex === undefined ? a.nodeId : `${a.nodeId}[${a.itemIndex}]`),
            h('td', {}, String(a.attempt)),
            h('td', {}, statusBadge(a.status)),
            h('td', {}, formatTime(a.startedAt)),
            h('td', {}, durationBetween(a.startedAt, a.finishedAt)),
            h('td', {}, jsonView(a.input, `Input of ${a.nodeId}`)),
            h('td', {}, a.error ? jsonView(a.error, `Error of ${a.nodeId}`) : jsonView(a.output, `Output of ${a.nodeId}`)),
          ),
        ),
      ),
    ),
  );
}
