import { h, formatTime } from '../dom.js';
import { api, query } from '../api.js';
import { confirmAction, problemMessage, toast } from '../dialog.js';
import { jsonView } from '../json-view.js';
import { schemaForm } from '../schema-form.js';

/**
 * What waits for a person: open manual tasks (the orchestrator's task list) and approval gates
 * of waiting runs. The API has no list of waiting gates, so they are found from the newest
 * waiting runs' histories and definitions.
 */
export function inboxPage() {
  const tasks = h('div', { className: 'stack', id: 'tasks' });
  const approvals = h('div', { className: 'stack', id: 'approvals' });
  const feedback = h('div');
  const reload = () => {
    loadTasks(tasks, feedback, reload);
    loadApprovals(approvals, feedback, reload);
  };
  reload();
  const element = h(
    'section',
    { 'aria-labelledby': 'inbox-title' },
    h('div', { className: 'row spread' }, h('h1', { id: 'inbox-title' }, 'Inbox'), h('button', { className: 'secondary', onClick: reload }, 'Refresh')),
    feedback,
    h('h2', {}, 'Approvals'),
    approvals,
    h('h2', {}, 'Manual tasks'),
    tasks,
  );
  return { element };
}

async function loadTasks(container, feedback, reload) {
  try {
    const page = await api(`/runs/tasks${query({ status: 'OPEN', limit: 50 })}`);
    container.replaceChildren(...page.items.map((task) => taskCard(task, reload)));
    if (!page.items.length) container.append(h('p', { className: 'muted' }, 'No open task.'));
  } catch (error) {
    feedback.replaceChildren(problemMessage(error));
  }
}

function taskCard(task, reload) {
  const form = schemaForm(task.form, `task-${task.taskId}`);
  const feedback = h('div');
  const element = h(
    'form',
    { className: 'card', 'data-task-id': task.taskId, 'aria-label': `Task ${task.title ?? task.nodeId}` },
    h('h3', {}, String(task.title ?? task.nodeId)),
    h('p', { className: 'muted' }, `Run `, h('a', { href: `/console/runs/${encodeURIComponent(task.runId)}` }, task.runId), ` · ${task.assignee ? `for ${task.assignee}` : 'open to anyone'} · opened ${formatTime(task.createdAt)}`),
    task.description ? h('p', {}, String(task.description)) : null,
    task.input ? jsonView(task.input, 'Task input') : null,
    form.elements,
    h('button', { type: 'submit' }, 'Complete'),
    feedback,
  );
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    let data;
    try {
      data = form.read();
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
      return;
    }
    try {
      await api(`/runs/${encodeURIComponent(task.runId)}/tasks/${encodeURIComponent(task.taskId)}/complete`, { method: 'POST', body: { data } });
      toast('Task completed');
      reload();
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  });
  return element;
}

async function loadApprovals(container, feedback, reload) {
  try {
    const runs = await api(`/runs${query({ status: 'WAITING', limit: 50 })}`);
    const found = (await Promise.all(runs.items.map(waitingGates))).flat();
    container.replaceChildren(...found.map((gate) => approvalCard(gate, reload)));
    if (!found.length) container.append(h('p', { className: 'muted' }, 'No approval waiting.'));
  } catch (error) {
    feedback.replaceChildren(problemMessage(error));
  }
}

const documents = new Map();

async function waitingGates(run) {
  const key = `${run.workflowId}@${run.version}`;
  if (!documents.has(key)) {
    documents.set(key, api(`/workflow-definitions/${encodeURIComponent(run.workflowId)}/versions/${run.version}`).then((d) => d.document));
  }
  const [definition, history] = await Promise.all([documents.get(key), api(`/runs/${encodeURIComponent(run.runId)}/history`)]);
  const open = new Set(history.filter((a) => a.status === 'RUNNING' && a.itemIndex == null).map((a) => a.nodeId));
  return (definition.nodes ?? [])
    .filter((node) => node.type === 'approval-gate' && open.has(node.id))
    .map((node) => ({ run, node, eventName: node.config?.eventName ?? node.id }));
}

function approvalCard({ run, node, eventName }, reload) {
  const comment = h('input', { id: `comment-${run.runId}-${node.id}`, name: 'comment' });
  const feedback = h('div');
  const decide = async (approved) => {
    const verb = approved ? 'Approve' : 'Reject';
    if (!(await confirmAction(`${verb} "${node.label ?? node.id}" of run ${run.runId}?`, verb))) return;
    try {
      await api(`/runs/${encodeURIComponent(run.runId)}/events`, {
        method: 'POST',
        body: { eventName, eventData: { approved, comment: comment.value || undefined, by: 'console' } },
      });
      toast(approved ? 'Approved' : 'Rejected');
      reload();
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  };
  return h(
    'div',
    { className: 'card', 'data-approval-run': run.runId, role: 'group', 'aria-label': `Approval ${node.label ?? node.id}` },
    h('h3', {}, node.label ?? node.id),
    h('p', { className: 'muted' }, 'Run ', h('a', { href: `/console/runs/${encodeURIComponent(run.runId)}` }, run.runId), ` · ${run.workflowId} v${run.version} · waits for event "${eventName}"`),
    node.config?.message ? h('p', {}, String(node.config.message)) : null,
    h('div', { className: 'field' }, h('label', { for: comment.id }, 'Comment'), comment),
    h('div', { className: 'row' }, h('button', { onClick: () => decide(true) }, 'Approve'), h('button', { className: 'danger', onClick: () => decide(false) }, 'Reject')),
    feedback,
  );
}
