package io.flowmesh.orchestrator.run;

import io.flowmesh.orchestrator.RunId;

/** An {@code Idempotency-Key} sent again with a different start request. */
public class IdempotencyKeyReusedException extends RuntimeException {

  public IdempotencyKeyReusedException(String key, RunId runId) {
    super(
        "Idempotency-Key '"
            + key
            + "' already started run '"
            + runId
            + "' with a different request; send the same request to get that run, or use a new"
            + " key");
  }
}
