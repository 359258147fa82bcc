package io.flowmesh.client;

import io.flowmesh.client.Transport.Call;
import io.flowmesh.client.Transport.Safety;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The worker API ({@code /api/v1/workers/tasks}, a key with the {@code workers} scope): lease tasks
 * of {@code worker} functions and answer them. Most applications use the runtime in {@code
 * io.flowmesh.client.worker} instead, which polls, heartbeats and answers for them; docs/workers.md
 * describes both.
 */
public final class WorkerTasks {

  private final Transport transport;

  WorkerTasks(Transport transport) {
    this.transport = transport;
  }

  /**
   * A leased task.
   *
   * @param taskId the task, unique per tenant
   * @param leaseToken the lease; every answer carries it
   * @param leaseExpiresAt when the lease ends unless a heartbeat extends it
   * @param function the function's slug
   * @param runId the run
   * @param nodeId the run's node
   * @param attempt the node's attempt, 1 for the first
   * @param input the function's input
   */
  public record WorkerTask(
      String taskId,
      String leaseToken,
      Instant leaseExpiresAt,
      String function,
      String runId,
      String nodeId,
      int attempt,
      JsonNode input) {}

  /**
   * How an answered task ended.
   *
   * @param status SUCCEEDED or FAILED (an output the function's schema refuses fails the task)
   * @param errorCode the failure's code, if it failed
   */
  public record TaskResult(String taskId, String status, String errorCode, String errorMessage) {}

  /** A lease after a heartbeat. */
  public record Lease(String taskId, Instant leaseExpiresAt) {}

  private record Polled(List<WorkerTask> tasks) {}

  /**
   * Leases up to {@code maxTasks} queued tasks of the functions, waiting up to {@code wait} (whole
   * seconds, at most the server's maximum, 20 s by default) when none is queued. Not sent again
   * once it may have reached the server: a lost answer's leases expire and their nodes retry.
   *
   * @param lease how long each lease lasts; null for the server's default (30 s)
   * @param workerId names this worker in the tasks' records; may be null
   */
  public List<WorkerTask> poll(
      List<String> functions, int maxTasks, Duration wait, Duration lease, String workerId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("functions", functions);
    body.put("maxTasks", maxTasks);
    body.put("waitSeconds", wait.toSeconds());
    if (lease != null) {
      body.put("leaseSeconds", Math.max(1, lease.toSeconds()));
    }
    if (workerId != null) {
      body.put("workerId", workerId);
    }
    Polled polled =
        transport.send(
            Call.post("/api/v1/workers/tasks/poll", body, null, Safety.ONCE), Polled.class);
    return polled == null || polled.tasks() == null ? List.of() : polled.tasks();
  }

  /**
   * Records the task's output (any value Jackson writes). Applied once: sending it again under the
   * same lease answers the same. A lease that is not, or no longer, the task's is a 409 problem.
   */
  public TaskResult complete(String taskId, String leaseToken, Object output) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("leaseToken", leaseToken);
    body.put("output", output);
    return answer(taskId, "complete", body, TaskResult.class);
  }

  /**
   * Records the task's failure; {@code retryable} lets the node's retry policy try again.
   *
   * @param code upper-case letters, digits and underscores, e.g. {@code OUT_OF_STOCK}
   */
  public TaskResult fail(
      String taskId, String leaseToken, String code, String message, boolean retryable) {
    return answer(
        taskId,
        "fail",
        Map.of("leaseToken", leaseToken, "code", code, "message", message, "retryable", retryable),
        TaskResult.class);
  }

  /** Extends the lease to {@code lease} from now (null: the server's default). */
  public Lease heartbeat(String taskId, String leaseToken, Duration lease) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("leaseToken", leaseToken);
    if (lease != null) {
      body.put("leaseSeconds", Math.max(1, lease.toSeconds()));
    }
    return answer(taskId, "heartbeat", body, Lease.class);
  }

  private <T> T answer(String taskId, String what, Object body, Class<T> type) {
    // Repeatable: an answer is applied once per lease, so a retry cannot apply it twice.
    return transport.send(
        Call.post(
            "/api/v1/workers/tasks/" + Transport.encode(taskId) + "/" + what,
            body,
            null,
            Safety.REPEATABLE),
        type);
  }
}
