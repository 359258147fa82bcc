/**
 * CEL on tenant input: webhook subscription filters and keys, event trigger filters, input mappings
 * and business keys. Never a scripting language: CEL has no side effects and bounded cost.
 */
package io.flowmesh.cel;
