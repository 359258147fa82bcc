package io.flowmesh.orchestrator.run;

/** An {@code Idempotency-Key} sent again with a different start request. */
public class IdempotencyKeyReusedException extends RuntimeException {

  public IdempotencyKeyReusedException(String key, String runId) {
    super(
        "Idempotency-Key '"
            + key
            + "' already started run '"
            + runId
            + "' with a different request; send the same request to get that run, or use a new"
            + " key");
  }
}
