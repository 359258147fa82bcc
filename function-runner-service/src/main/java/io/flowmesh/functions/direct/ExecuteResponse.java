package io.flowmesh.functions.direct;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flowmesh.model.run.ExecutionError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The answer of {@code POST /execute}: the function's outcome in the Workflow Builder's node result
 * style, {@code {"success": true, "data": ...}} or {@code {"success": false, "error": ...}}.
 *
 * @param success whether the function succeeded
 * @param data the function's output when it succeeded (JSON null if it returned nothing)
 * @param error why it failed: {@code code}, {@code message}, {@code retryable}
 * @param executionId the caller's execution id
 * @param functionSlug the function that ran
 * @param durationMs how long the execution took, from acceptance to its recorded outcome
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record ExecuteResponse(
    boolean success,
    JsonNode data,
    ExecutionError error,
    String executionId,
    String functionSlug,
    long durationMs) {

  static ExecuteResponse of(DirectExecution execution) {
    return new ExecuteResponse(
        execution.error() == null,
        execution.error() == null ? execution.output() : null,
        execution.error(),
        execution.executionId(),
        execution.function(),
        execution.durationMillis());
  }
}
