/**
 * Function execution requests ({@link io.flowmesh.model.Topics#FUNCTION_REQUESTS}) and results
 * ({@link io.flowmesh.model.Topics#FUNCTION_RESULTS}).
 */
package io.flowmesh.model.function;
