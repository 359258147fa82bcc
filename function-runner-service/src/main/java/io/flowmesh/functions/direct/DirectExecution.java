package io.flowmesh.functions.direct;

import io.flowmesh.model.run.ExecutionError;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A direct execution as recorded.
 *
 * @param executionId the caller's id
 * @param function the slug as requested
 * @param requestHash identifies the call (slug and input), so a reused id is recognised
 * @param status where it stands
 * @param output the output once it succeeded
 * @param error the error once it failed
 * @param startedAt when it was accepted
 * @param deadlineAt after this, if still running, it counts as abandoned
 * @param finishedAt when its outcome was recorded
 */
record DirectExecution(
    String executionId,
    String function,
    String requestHash,
    Status status,
    JsonNode output,
    ExecutionError error,
    Instant startedAt,
    Instant deadlineAt,
    Instant finishedAt) {

  enum Status {
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  boolean running() {
    return status == Status.RUNNING;
  }

  /** Whether it is still running past its deadline: the instance running it stopped. */
  boolean abandoned(Instant now) {
    return running() && now.isAfter(deadlineAt);
  }

  long durationMillis() {
    return finishedAt == null ? 0 : Duration.between(startedAt, finishedAt).toMillis();
  }
}
