/**
 * JSON Schemas that users supply (function inputs and outputs, manual-task forms): whether a
 * document is a usable schema, and where a value breaks one.
 */
package io.flowmesh.jsonschema;
