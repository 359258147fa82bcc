// The common JSON Schema keywords checked in the page, so a person sees a mistake before the
// request: type, required, properties, items, enum, const, minLength, maxLength, pattern, minimum,
// maximum, minItems, maxItems. The orchestrator checks the whole schema again on start; what this
// does not know (formats, combinators, $ref) only the server's problem reports.

/** Where the value breaks the schema, as `{path, message}` with paths like `input.amount`. */
export function schemaViolations(schema, value, path = 'input') {
  const found = [];
  check(schema, value, path, found);
  return found;
}

function check(schema, value, path, found) {
  if (!schema || typeof schema !== 'object') return;
  const type = schema.type;
  if (type !== undefined && !(Array.isArray(type) ? type : [type]).some((t) => isType(value, t))) {
    found.push({ path, message: `must be ${Array.isArray(type) ? type.join(' or ') : article(type)}` });
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => same(option, value))) {
    found.push({ path, message: `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}` });
  }
  if ('const' in schema && !same(schema.const, value)) found.push({ path, message: `must be ${JSON.stringify(schema.const)}` });
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && [...value].length < schema.minLength) found.push({ path, message: `must be at least ${schema.minLength} characters long` });
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) found.push({ path, message: `must be at most ${schema.maxLength} characters long` });
    if (schema.pattern !== undefined && !safeRegExp(schema.pattern)?.test(value)) found.push({ path, message: `must match ${schema.pattern}` });
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) found.push({ path, message: `must be at least ${schema.minimum}` });
    if (schema.maximum !== undefined && value > schema.maximum) found.push({ path, message: `must be at most ${schema.maximum}` });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) found.push({ path, message: `must have at least ${schema.minItems} items` });
    if (schema.maxItems !== undefined && value.length > schema.maxItems) found.push({ path, message: `must have at most ${schema.maxItems} items` });
    if (schema.items && typeof schema.items === 'object') value.forEach((item, i) => check(schema.items, item, `${path}[${i}]`, found));
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const name of schema.required ?? []) {
      if (!(name in value)) found.push({ path: `${path}.${name}`, message: 'is required' });
    }
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (name in value) check(property, value[name], `${path}.${name}`, found);
    }
    if (schema.additionalProperties === false) {
      for (const name of Object.keys(value)) {
        if (!(name in (schema.properties ?? {}))) found.push({ path: `${path}.${name}`, message: 'is not allowed' });
      }
    }
  }
}

function isType(value, type) {
  switch (type) {
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function article(type) {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function safeRegExp(pattern) {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}
