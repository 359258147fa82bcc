/** JSON Schema checks: registered schemas must compile, inputs and outputs must match them. */
package io.flowmesh.functions.schema;
