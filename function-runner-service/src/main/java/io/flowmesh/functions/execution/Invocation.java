package io.flowmesh.functions.execution;

import io.flowmesh.functions.registry.RegisteredFunction;
import io.flowmesh.model.function.FunctionRequested;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * One execution as an executor sees it.
 *
 * @param tenant the tenant the execution runs for (connections are resolved for it)
 * @param request the request
 * @param function the registered function
 * @param input the input, already validated against the input schema (NullNode if none)
 * @param timeout how long the execution may take
 */
public record Invocation(
    String tenant,
    FunctionRequested request,
    RegisteredFunction function,
    JsonNode input,
    Duration timeout) {

  public String executionId() {
    return request.executionId();
  }
}
