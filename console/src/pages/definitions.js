import { h, formatTime } from '../dom.js';
import { api, query } from '../api.js';
import { problemMessage } from '../dialog.js';
import { workflowGraph } from '../graph.js';
import { definitionDiff } from '../definition-diff.js';
import { schemaViolations } from '../schema-check.js';

/**
 * Workflows with their versions; each can be drawn, compared with another version, and started
 * with a JSON input checked against the trigger's input schema.
 */
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
  const schemaHint = h('p', { className: 'muted' });
  // The trigger's input schema of the version shown; the start form checks the input against it.
  let inputSchema = null;
  const versions = new Map(); // version → document; a saved version never changes
  const diffFrom = h('select', { id: `diff-from-${definition.id}`, name: 'from' });
  const diffTo = h('select', { id: `diff-to-${definition.id}`, name: 'to' });
  const diffResult = h('div', { id: `diff-${definition.id}`, 'aria-live': 'polite' });
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
      { className: 'row diff-form', 'aria-label': `Compare two versions of ${definition.id}` },
      h('label', { for: `diff-from-${definition.id}` }, 'Compare'),
      diffFrom,
      h('label', { for: `diff-to-${definition.id}` }, 'with'),
      diffTo,
      h('button', { type: 'submit', className: 'secondary' }, 'Show changes'),
    ),
    diffResult,
    h(
      'form',
      { className: 'start-run', 'aria-label': `Start a run of ${definition.id}` },
      h('label', { for: `input-${definition.id}` }, 'Input (JSON object)'),
      schemaHint,
      input,
      h('button', { type: 'submit' }, 'Start a run'),
      feedback,
    ),
  );

  const documentOf = async (version) => {
    if (!versions.has(version)) {
      const saved = await api(`/workflow-definitions/${encodeURIComponent(definition.id)}/versions/${version}`);
      versions.set(version, saved.document);
    }
    return versions.get(version);
  };

  const showVersion = async () => {
    try {
      const document = await documentOf(versionSelect.value);
      graph.replaceChildren(workflowGraph(document));
      inputSchema = (document.nodes ?? []).find((n) => n.type === 'trigger')?.config?.inputSchema ?? null;
      schemaHint.textContent = inputSchema ? `Checked against the trigger's input schema${inputSchema.required?.length ? `; required: ${inputSchema.required.join(', ')}` : ''}.` : '';
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
      const saved = await api(`/workflow-definitions/${encodeURIComponent(definition.id)}/versions`);
      const options = () => saved.map((v) => h('option', { value: v.version }, `v${v.version} · ${formatTime(v.createdAt)}`));
      versionSelect.replaceChildren(...options());
      diffFrom.replaceChildren(...options());
      diffTo.replaceChildren(...options());
      // Newest first from the API: compare the one before the newest with the newest by default.
      diffTo.selectedIndex = 0;
      diffFrom.selectedIndex = Math.min(1, saved.length - 1);
      await showVersion();
    } catch (error) {
      feedback.replaceChildren(problemMessage(error));
    }
  });

  details.querySelector('form.diff-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const [before, after] = await Promise.all([documentOf(diffFrom.value), documentOf(diffTo.value)]);
      diffResult.replaceChildren(diffView(definitionDiff(before, after), diffFrom.value, diffTo.value));
    } catch (error) {
      diffResult.replaceChildren(problemMessage(error));
    }
  });

  details.querySelector('form.start-run').addEventListener('submit', async (event) => {
    event.preventDefault();
    let parsed;
    try {
      parsed = JSON.parse(input.value || '{}');
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('must be a JSON object');
    } catch (error) {
      feedback.replaceChildren(problemMessage(`Input: ${error.message}`));
      return;
    }
    const violations = inputSchema ? schemaViolations(inputSchema, parsed) : [];
    if (violations.length) {
      feedback.replaceChildren(problemMessage(violations.map((v) => `${v.path}: ${v.message}`).join('\n')));
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    input.removeAttribute('aria-invalid');
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

const SIGNS = { added: '+', removed: '−', changed: '~' };

/** The changes from one version to another, nodes first, then edges and settings. */
function diffView(changes, from, to) {
  if (!changes.length) return h('p', { className: 'muted' }, `v${from} and v${to} are the same.`);
  return h(
    'div',
    {},
    h('h3', {}, `From v${from} to v${to}: ${changes.length} change${changes.length === 1 ? '' : 's'}`),
    h(
      'ul',
      { className: 'diff' },
      changes.map((c) =>
        h(
          'li',
          { className: `diff-${c.change}`, 'data-kind': c.kind, 'data-change': c.change, 'data-name': c.name },
          `${SIGNS[c.change]} ${c.kind} `,
          h('code', {}, c.name),
          ` ${c.change}`,
          c.paths.length ? h('span', { className: 'muted' }, `: ${c.paths.join(', ')}`) : null,
        ),
      ),
    ),
  );
}
