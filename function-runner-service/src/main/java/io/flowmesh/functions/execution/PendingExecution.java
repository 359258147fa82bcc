package io.flowmesh.functions.execution;

import io.flowmesh.model.function.FunctionRequested;

/**
 * A request read from Kafka, with what the reply needs from its envelope.
 *
 * @param request the request
 * @param tenant the tenant of the request event; the result belongs to it too
 * @param replyKey the request's record key (the run's ordering key), reused for the result
 * @param traceparent the request's trace context, parent of the execution's span; may be null
 */
public record PendingExecution(
    FunctionRequested request, String tenant, String replyKey, String traceparent) {

  public String executionId() {
    return request.executionId();
  }
}
