import { useState } from 'react';

/**
 * One typed field of a node's configuration, drawn from a JSON Schema property: a select for an
 * enum, a checkbox, a number, JSON for objects and arrays, a connection picker for `connectionId`,
 * and text with `{{…}}` completion from upstream nodes for strings.
 */
export function Field({ name, schema, value, required, problems, onChange, suggestions, connections }) {
  const id = `field-${name}`;
  const errorId = problems.length ? `${id}-error` : undefined;
  const hintId = schema.description ? `${id}-hint` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  const common = { id, name, 'aria-describedby': describedBy, 'aria-invalid': problems.length ? 'true' : undefined, 'aria-required': required ? 'true' : undefined };
  const types = [].concat(schema.type ?? []);
  let control;
  if (name === 'connectionId' || schema.format === 'connection') {
    control = (
      <select {...common} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">— no connection —</option>
        {connections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({c.type})
          </option>
        ))}
      </select>
    );
  } else if (Array.isArray(schema.enum)) {
    control = (
      <select {...common} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? undefined : schema.enum.find((v) => String(v) === e.target.value))}>
        <option value="">—</option>
        {schema.enum.map((v) => (
          <option key={String(v)} value={String(v)}>
            {String(v)}
          </option>
        ))}
      </select>
    );
  } else if (types.length === 1 && types[0] === 'boolean') {
    control = <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  } else if (types.length === 1 && (types[0] === 'number' || types[0] === 'integer')) {
    control = <NumberInput common={common} value={value} onChange={onChange} />;
  } else if (types.length === 0 || types.some((t) => t === 'object' || t === 'array')) {
    // No type (any JSON value) or an object: JSON text; a field that also takes a string keeps text.
    control = <JsonInput common={common} value={value} onChange={onChange} acceptsString={types.length === 0 || types.includes('string')} />;
  } else {
    control = <TemplateInput common={common} value={value} onChange={onChange} suggestions={suggestions} />;
  }
  const checkbox = types.length === 1 && types[0] === 'boolean';
  return (
    <div className={`field${checkbox ? ' check' : ''}`} data-field={name}>
      {checkbox ? control : null}
      <label htmlFor={id}>
        {schema.title ?? name}
        {required ? <span aria-hidden="true"> *</span> : null}
        {required ? <span className="visually-hidden"> (required)</span> : null}
      </label>
      {checkbox ? null : control}
      {schema.description ? (
        <small id={hintId} className="muted">
          {schema.description}
        </small>
      ) : null}
      {problems.length ? (
        <small id={errorId} className="field-error" role="alert">
          {problems.join('; ')}
        </small>
      ) : null}
    </div>
  );
}

function NumberInput({ common, value, onChange }) {
  return <input {...common} type="number" value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />;
}

/** JSON text, parsed when it is valid; a field that also accepts a string keeps invalid JSON as text. */
function JsonInput({ common, value, onChange, acceptsString }) {
  const [text, setText] = useState(value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  const [error, setError] = useState(null);
  return (
    <>
      <textarea
        {...common}
        rows={3}
        spellCheck="false"
        placeholder="JSON"
        value={text}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          if (next.trim() === '') {
            setError(null);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(next));
            setError(null);
          } catch {
            if (acceptsString) onChange(next);
            else setError('not valid JSON yet');
          }
        }}
      />
      {error ? <small className="field-error">{error}</small> : null}
    </>
  );
}

/**
 * Text with completion: typing `{{` lists the templates of upstream nodes (`{{FetchData.data.content}}`);
 * choosing one replaces what was typed since the braces.
 */
export function TemplateInput({ common, value, onChange, suggestions }) {
  const [open, setOpen] = useState(null);
  const text = value === undefined || value === null ? '' : String(value);
  const update = (next, caret) => {
    onChange(next === '' ? undefined : next);
    const before = next.slice(0, caret);
    const start = before.lastIndexOf('{{');
    if (start >= 0 && !before.slice(start).includes('}}')) setOpen({ start, caret, typed: before.slice(start) });
    else setOpen(null);
  };
  const matches = open ? suggestions.filter((s) => s.toLowerCase().startsWith(open.typed.toLowerCase())) : [];
  return (
    <div className="template-input">
      <input {...common} value={text} autoComplete="off" onChange={(e) => update(e.target.value, e.target.selectionStart)} onBlur={() => setTimeout(() => setOpen(null), 150)} />
      {matches.length ? (
        <ul className="suggestions" aria-label={`Templates for ${common.name}`}>
          {matches.slice(0, 12).map((s) => (
            <li key={s}>
              <button
                type="button"
                className="suggestion"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  onChange(text.slice(0, open.start) + s + text.slice(open.caret));
                  setOpen(null);
                }}
              >
                {s}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
