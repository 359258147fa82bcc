import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schemaViolations } from '../src/schema-check.js';

const ORDER = {
  type: 'object',
  required: ['order'],
  additionalProperties: false,
  properties: {
    order: { type: 'string', minLength: 3, pattern: '^o-' },
    amount: { type: 'number', minimum: 1, maximum: 1000 },
    currency: { enum: ['EUR', 'USD'] },
    lines: { type: 'array', minItems: 1, items: { type: 'object', required: ['sku'] } },
  },
};

test('a value that matches has no violation', () => {
  assert.deepEqual(schemaViolations(ORDER, { order: 'o-1', amount: 5, currency: 'EUR', lines: [{ sku: 'a' }] }), []);
});

test('each violation names its path the way the server does (input.amount)', () => {
  const found = schemaViolations(ORDER, { amount: 0, currency: 'GBP', lines: [{}], extra: true });
  assert.deepEqual(found.map((v) => v.path).sort(), ['input.amount', 'input.currency', 'input.extra', 'input.lines[0].sku', 'input.order'].sort());
  assert.equal(found.find((v) => v.path === 'input.amount').message, 'must be at least 1');
  assert.equal(found.find((v) => v.path === 'input.order').message, 'is required');
});

test('a wrong type is one violation, not one per keyword below it', () => {
  assert.deepEqual(schemaViolations(ORDER, { order: 42 }), [{ path: 'input.order', message: 'must be a string' }]);
  assert.deepEqual(schemaViolations(ORDER, []), [{ path: 'input', message: 'must be an object' }]);
});

test('lengths count characters, not UTF-16 units', () => {
  assert.deepEqual(schemaViolations({ type: 'string', maxLength: 2 }, '😀😀'), []);
});

test('a pattern that is not a valid regular expression does not throw in the page', () => {
  assert.doesNotThrow(() => schemaViolations({ type: 'string', pattern: '(' }, 'x'));
});

test('no schema, or a schema that is not an object, accepts everything', () => {
  assert.deepEqual(schemaViolations(undefined, { anything: 1 }), []);
  assert.deepEqual(schemaViolations(true, 1), []);
});
