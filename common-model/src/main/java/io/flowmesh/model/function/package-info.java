/**
 * Function execution requests ({@link io.flowmesh.model.Topics#FUNCTION_REQUESTS}) and results
 * ({@link io.flowmesh.model.Topics#FUNCTION_RESULTS}), and what other services read of the function
 * registry's HTTP answers ({@link io.flowmesh.model.function.FunctionSummary}).
 */
package io.flowmesh.model.function;
