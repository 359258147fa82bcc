import { h } from './dom.js';

/**
 * Form fields for a task's JSON Schema: one field per top-level property (text, number, checkbox,
 * select for an enum; JSON for anything nested). The page checks only required fields and number
 * syntax (by itself, not the browser's validation, so its messages read like the server's); the
 * server validates against the whole schema and its field errors are shown as they come back.
 */
export function schemaForm(schema, idPrefix) {
  const properties = schema?.properties ?? {};
  const required = new Set(schema?.required ?? []);
  const fields = Object.entries(properties).map(([name, property]) => field(name, property ?? {}, required.has(name), idPrefix));
  const freeForm = fields.length === 0 ? field('data', { type: 'object' }, false, idPrefix) : null;
  return {
    elements: freeForm ? [freeForm.element] : fields.map((f) => f.element),
    read() {
      if (freeForm) return freeForm.read();
      const data = {};
      const problems = [];
      for (const f of fields) {
        try {
          const value = f.read();
          if (value !== undefined) data[f.name] = value;
          else if (f.required) problems.push(`${f.name}: is required`);
        } catch (error) {
          problems.push(`${f.name}: ${error.message}`);
        }
      }
      if (problems.length) throw new Error(problems.join('\n'));
      return data;
    },
  };
}

function field(name, property, required, idPrefix) {
  const id = `${idPrefix}-${name}`;
  const label = h('label', { for: id }, property.title ?? name, required ? ' *' : '');
  const hint = property.description ? h('small', { className: 'muted' }, property.description) : null;
  let control;
  let read;
  if (Array.isArray(property.enum)) {
    control = h('select', { id, name }, h('option', { value: '' }, '—'), property.enum.map((v, i) => h('option', { value: i }, String(v))));
    read = () => (control.value === '' ? undefined : property.enum[Number(control.value)]);
  } else if (property.type === 'boolean') {
    control = h('input', { id, name, type: 'checkbox' });
    read = () => control.checked;
  } else if (property.type === 'number' || property.type === 'integer') {
    control = h('input', { id, name, type: 'number', step: property.type === 'integer' ? 1 : 'any', 'aria-required': required ? 'true' : null });
    read = () => {
      if (control.value === '') return undefined;
      const number = Number(control.value);
      if (Number.isNaN(number)) throw new Error('must be a number');
      return number;
    };
  } else if (property.type === 'string' || property.type === undefined) {
    const long = (property.maxLength ?? 0) > 120;
    control = long ? h('textarea', { id, name, rows: 3, 'aria-required': required ? 'true' : null }) : h('input', { id, name, 'aria-required': required ? 'true' : null });
    read = () => (control.value === '' ? undefined : control.value);
  } else {
    control = h('textarea', { id, name, rows: 3, spellcheck: 'false', placeholder: 'JSON' });
    read = () => (control.value.trim() === '' ? undefined : parseJson(control.value));
  }
  const wrapper = property.type === 'boolean' ? h('div', { className: 'field check' }, control, label, hint) : h('div', { className: 'field' }, label, control, hint);
  return { name, required: required && property.type !== 'boolean', element: wrapper, read };
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('is not valid JSON');
  }
}
