package io.flowmesh.functions.worker;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The worker API's request and response bodies other than the poll's request. */
final class TaskAnswers {

  private TaskAnswers() {}

  /**
   * The tasks a poll leased, oldest first; empty if none arrived while it waited.
   *
   * @param tasks the leased tasks
   */
  record Polled(List<LeasedTask> tasks) {}

  /**
   * A task's result.
   *
   * @param leaseToken the lease the worker holds
   * @param output the function's output (any JSON value); checked against its output schema
   */
  @Schema(name = "WorkerTaskCompletion")
  record Completion(String leaseToken, JsonNode output) {}

  /**
   * A task's failure.
   *
   * @param leaseToken the lease the worker holds
   * @param code a stable machine-readable code, e.g. {@code CUSTOMER_NOT_FOUND}
   * @param message a human-readable explanation; shown in the run's history
   * @param retryable whether the node's retry policy may try again (default true)
   */
  @Schema(name = "WorkerTaskFailure")
  record Failure(String leaseToken, String code, String message, Boolean retryable) {}

  /**
   * A heartbeat: the worker is still at the task.
   *
   * @param leaseToken the lease the worker holds
   * @param leaseSeconds how long from now the lease lasts; default the poll's default
   */
  @Schema(name = "WorkerTaskHeartbeat")
  record Heartbeat(String leaseToken, Integer leaseSeconds) {}

  /**
   * A lease after a heartbeat.
   *
   * @param taskId the task
   * @param leaseExpiresAt when the lease now ends
   */
  @Schema(name = "WorkerTaskLease")
  record Lease(String taskId, Instant leaseExpiresAt) {}

  /**
   * How the task ended, as recorded for the run.
   *
   * @param taskId the task
   * @param status SUCCEEDED or FAILED (an output its schema refuses fails the task)
   * @param errorCode the failure's code, if it failed
   * @param errorMessage the failure's message, if it failed
   */
  @Schema(name = "WorkerTaskResult")
  record Result(String taskId, String status, String errorCode, String errorMessage) {}
}
