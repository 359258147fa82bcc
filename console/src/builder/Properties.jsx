import { KINDS, groupByProvider } from './model.js';
import { useState } from 'react';
import { Field, TemplateInput } from './fields.jsx';

/**
 * The selected node's properties: label and switches every node has, the kind's own settings and,
 * for an action, one field per property of its function's input JSON Schema (the Workflow
 * Builder's flat form: the fields sit in `config` beside `actionId`).
 */
export function Properties({ node, functions, connections, problems, suggestions, onChange }) {
  const { data } = node;
  const kind = KINDS[data.kind] ?? { fields: {}, title: data.kind };
  const config = data.config ?? {};
  const slug = config.actionId ?? config.function;
  const fn = functions.get(slug);
  const schema = data.kind === 'action' ? (fn?.inputSchema ?? { properties: {} }) : { properties: kind.fields, required: kind.required };
  const required = new Set(schema.required ?? []);
  const problemsOf = (name) => problems.filter((p) => p.field === `config.${name}` || p.field?.startsWith(`config.${name}.`) || p.field?.startsWith(`config.input.${name}`)).map((p) => p.message);
  // Problems of a field are shown under it; the rest (no field, or one the panel has no field for) above.
  const shown = new Set(['actionId', ...Object.keys(schema.properties ?? {}), ...(data.kind === 'action' ? Object.keys(config) : [])]);
  const general = problems.filter((p) => !p.field?.startsWith('config.') || !shown.has(p.field.split('.')[1]));
  const setConfig = (name) => (value) =>
    onChange((d) => {
      const next = { ...d.config };
      if (value === undefined) delete next[name];
      else next[name] = value;
      return { ...d, config: next };
    }, name);
  const relevantConnections = connections.filter((c) => !fn?.integrationType || c.type === fn.integrationType);
  return (
    <section className="properties" aria-labelledby="properties-title" data-node-id={node.id}>
      <h2 id="properties-title">
        {kind.title}: <code>{node.id}</code>
      </h2>
      {general.length ? (
        <ul className="node-problems" aria-label="Problems of this node">
          {general.map((p) => (
            <li key={`${p.field}:${p.message}`}>
              {p.field ? <code>{p.field}</code> : null} {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="field">
        <label htmlFor="field-label">Label</label>
        <input id="field-label" value={data.label ?? ''} onChange={(e) => onChange((d) => ({ ...d, label: e.target.value }), 'label')} />
        <small className="muted">Templates name this node as {`{{${String(data.label || node.id).replace(/\s+/g, '')}…}}`}</small>
      </div>
      <div className="field check">
        <input id="field-enabled" type="checkbox" checked={data.enabled !== false} onChange={(e) => onChange((d) => ({ ...d, enabled: e.target.checked }), 'enabled')} />
        <label htmlFor="field-enabled">Enabled</label>
      </div>
      {data.kind === 'action' ? (
        <div className="field">
          <label htmlFor="field-actionId">
            Function<span aria-hidden="true"> *</span>
          </label>
          <select id="field-actionId" value={slug ?? ''} onChange={(e) => onChange((d) => ({ ...d, config: { ...d.config, actionId: e.target.value || undefined } }), 'actionId')}>
            <option value="">—</option>
            {slug && !fn ? <option value={slug}>{slug} (unknown)</option> : null}
            {groupByProvider(functions.values()).map(([provider, fns]) => (
              <optgroup key={provider} label={provider}>
                {fns.map((f) => (
                  <option key={f.slug} value={f.slug}>
                    {f.name} ({f.slug})
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {problemsOf('actionId').length ? (
            <small className="field-error" role="alert">
              {problemsOf('actionId').join('; ')}
            </small>
          ) : null}
          {fn?.description ? <small className="muted">{fn.description}</small> : null}
        </div>
      ) : null}
      {data.kind === 'action' && fn && !Object.keys(schema.properties ?? {}).length ? (
        <FreeFields config={config} problemsOf={problemsOf} setConfig={setConfig} suggestions={suggestions} />
      ) : null}
      {Object.entries(schema.properties ?? {}).map(([name, property]) => (
        <Field
          key={name}
          name={name}
          schema={property ?? {}}
          value={config[name]}
          required={required.has(name)}
          problems={problemsOf(name)}
          onChange={setConfig(name)}
          suggestions={suggestions}
          connections={relevantConnections}
        />
      ))}
    </section>
  );
}

/**
 * Input fields for a function whose schema names none (`core/echo` takes any JSON): each a text
 * with template completion, added by name, kept flat in `config` beside `actionId`.
 */
function FreeFields({ config, problemsOf, setConfig, suggestions }) {
  const [name, setName] = useState('');
  const names = Object.keys(config).filter((k) => k !== 'actionId' && k !== 'function');
  const add = () => {
    const trimmed = name.trim();
    if (!trimmed || names.includes(trimmed)) return;
    setConfig(trimmed)('');
    setName('');
  };
  return (
    <fieldset className="free-fields">
      <legend>Input fields</legend>
      {names.map((field) => {
        const problems = problemsOf(field);
        return (
          <div className="field" key={field} data-field={field}>
            <label htmlFor={`field-${field}`}>{field}</label>
            <TemplateInput
              common={{ id: `field-${field}`, name: field, 'aria-invalid': problems.length ? 'true' : undefined, 'aria-describedby': problems.length ? `field-${field}-error` : undefined }}
              value={typeof config[field] === 'string' ? config[field] : JSON.stringify(config[field])}
              onChange={(value) => setConfig(field)(value ?? '')}
              suggestions={suggestions}
            />
            {problems.length ? (
              <small id={`field-${field}-error`} className="field-error" role="alert">
                {problems.join('; ')}
              </small>
            ) : null}
            <button type="button" className="link" onClick={() => setConfig(field)(undefined)}>
              Remove {field}
            </button>
          </div>
        );
      })}
      <div className="row">
        <label htmlFor="free-field-name">New field</label>
        <input id="free-field-name" value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && add()} />
        <button type="button" className="secondary" onClick={add}>
          Add field
        </button>
      </div>
    </fieldset>
  );
}
