package io.flowmesh.model.function;

/**
 * The orchestrator asks for one execution of a function. The execution id is unique per node
 * attempt, so a redelivered request is recognised and not executed twice.
 *
 * @param executionId unique id of this execution (one per node attempt)
 * @param runId the run the execution belongs to
 * @param nodeId the node that calls the function
 * @param attempt the node attempt number, starting at 1
 * @param function the function's slug, e.g. {@code core/echo}
 * @param input the resolved input (any JSON value)
 * @param timeoutMillis how long the execution may take, 0 for the function's default
 */
public record FunctionRequested(
    String executionId,
    String runId,
    String nodeId,
    int attempt,
    String function,
    Object input,
    long timeoutMillis) {}
