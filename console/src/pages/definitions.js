import { h, formatTime } from '../dom.js';
import { api, query } from '../api.js';
import { problemMessage } from '../dialog.js';
import { workflowGraph } from '../graph.js';

/** Workflows with their versions; each can be drawn and started with a JSON input. */
export function definitionsPage({ navigate }) {
  const list = h('div', { className: 'stack' });
  const feedback = h('div');
  const more = h('button', { className: 'secondary', hidden: true }, 'More');
  let cursor = null;

  const load = async () => {
    try {
      const page = await api(`/workflow-definitions${query({ limit: 50, cursor })}`);
      list.append(...page.items.map((d) => definitionCard(d, navigate)));
      if (!list.childElementCount) list.append(h('p', {}, 'No workflow saved yet.'));
      cursor = page.nextCursor;
      more.hidden = !cursor;
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  };
  more.addEventListener('click', load);
  load();
  return { element: h('section', { 'aria-labelledby': 'definitions-title' }, h('h1', { id: 'definitions-title' }, 'Definitions'), feedback, list, more) };
}

function definitionCard(definition, navigate) {
  const versionSelect = h('select', { id: `version-${definition.id}`, name: 'version' });
  const graph = h('div');
  const input = h('textarea', { id: `input-${definition.id}`, name: 'input', rows: 4, spellcheck: 'false' }, '{}');
  const feedback = h('div');
  const details = h(
    'details',
    { className: 'card', 'data-workflow-id': definition.id },
    h(
      'summary',
      {},
      h('strong', {}, definition.name || definition.id),
      ' ',
      h('code', {}, definition.id),
      h('span', { className: 'muted' }, ` · v${definition.latestVersion}${definition.enabled ? '' : ' · disabled'} · updated ${formatTime(definition.updatedAt)}`),
    ),
    definition.description ? h('p', {}, definition.description) : null,
    h(
      'div',
      { className: 'row' },
      h('label', { for: `version-${definition.id}` }, 'Version'),
      versionSelect,
      h('a', { href: `/console/builder/${encodeURIComponent(definition.id)}`, className: 'open-builder' }, 'Open in the builder'),
    ),
    graph,
    h(
      'form',
      { className: 'start-run', 'aria-label': `Start a run of ${definition.id}` },
      h('label', { for: `input-${definition.id}` }, 'Input (JSON object)'),
      input,
      h('button', { type: 'submit' }, 'Start a run'),
      feedback,
    ),
  );

  const showVersion = async () => {
    try {
      const saved = await api(`/workflow-definitions/${encodeURIComponent(definition.id)}/versions/${versionSelect.value}`);
      graph.replaceChildren(workflowGraph(saved.document));
    } catch (error) {
      graph.replaceChildren(problemMessage(error));
    }
  };
  versionSelect.addEventListener('change', showVersion);

  let opened = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || opened) return;
    opened = true;
    try {
      const versions = await api(`/workflow-definitions/${encodeURIComponent(definition.id)}/versions`);
      versionSelect.replaceChildren(...versions.map((v) => h('option', { value: v.version }, `v${v.version} · ${formatTime(v.createdAt)}`)));
      await showVersion();
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  });

  details.querySelector('form').addEventListener('submit', async (event) => {
    event.preventDefault();
    let parsed;
    try {
      parsed = JSON.parse(input.value || '{}');
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('must be a JSON object');
    } catch (error) {
      feedback.replaceChildren(problemMessage(`Input: ${error.message}`));
      return;
    }
    try {
      const started = await api('/runs', {
        method: 'POST',
        body: { workflowId: definition.id, version: Number(versionSelect.value) || undefined, input: parsed },
      });
      navigate(`/runs/${encodeURIComponent(started.runId)}`);
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  });
  return details;
}
