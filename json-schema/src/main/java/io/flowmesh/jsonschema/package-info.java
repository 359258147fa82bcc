/**
 * JSON Schemas that users supply (function inputs and outputs, manual-task forms, integration
 * types' settings and secrets): whether a document is a usable schema, and where a value breaks
 * one.
 */
package io.flowmesh.jsonschema;
