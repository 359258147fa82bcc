package io.flowmesh.client;

import io.flowmesh.client.Transport.Call;
import io.flowmesh.client.Transport.Safety;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/**
 * Work for people: manual tasks ({@code /api/v1/runs/tasks}, completed with data) and approval
 * gates (answered with the event the gate waits for).
 */
public final class Tasks {

  private final Transport transport;
  private final Runs runs;

  Tasks(Transport transport, Runs runs) {
    this.transport = transport;
    this.runs = runs;
  }

  /**
   * A manual task.
   *
   * @param status OPEN, COMPLETED or CANCELLED
   * @param form the JSON Schema the completing data must match; null accepts any object
   * @param data what was submitted, once completed
   */
  public record ManualTask(
      String taskId,
      String runId,
      String nodeId,
      String status,
      String assignee,
      Object title,
      Object description,
      Object input,
      Object form,
      Object data,
      Instant createdAt,
      Instant completedAt) {}

  /** Tasks across runs, oldest first; every argument optional (null). */
  public Page<ManualTask> list(String assignee, String status, Integer limit, String cursor) {
    Map<String, String> query =
        Transport.query("assignee", assignee, "status", status, "limit", limit, "cursor", cursor);
    return transport.send(
        Call.get("/api/v1/runs/tasks", query), new TypeReference<Page<ManualTask>>() {});
  }

  /** The tasks of one run, open and done, in the order opened. */
  public List<ManualTask> ofRun(String runId) {
    return transport.send(
        Call.get("/api/v1/runs/" + Transport.encode(runId) + "/tasks"),
        new TypeReference<List<ManualTask>>() {});
  }

  /**
   * Completes an open task with {@code data} (checked against its form: a 400 problem naming each
   * field); the data becomes the node's output. Completing it again is a 409 problem, so a retry
   * cannot complete it twice.
   */
  public ManualTask complete(String runId, String taskId, Map<String, Object> data) {
    return transport.send(
        Call.post(
            "/api/v1/runs/"
                + Transport.encode(runId)
                + "/tasks/"
                + Transport.encode(taskId)
                + "/complete",
            Map.of("data", data == null ? Map.of() : data),
            null,
            Safety.REPEATABLE),
        ManualTask.class);
  }

  /**
   * Approves at the run's approval gate that waits for {@code eventName}: the gate's output is
   * {@code data} with {@code "approved": true}, for the workflow's next nodes to read.
   */
  public Runs.Run approve(String runId, String eventName, Map<String, Object> data) {
    return runs.sendEvent(runId, eventName, decision(data, true));
  }

  /** Rejects at the gate: the gate's output is {@code data} with {@code "approved": false}. */
  public Runs.Run reject(String runId, String eventName, Map<String, Object> data) {
    return runs.sendEvent(runId, eventName, decision(data, false));
  }

  private static Map<String, Object> decision(Map<String, Object> data, boolean approved) {
    Map<String, Object> output = new LinkedHashMap<>(data == null ? Map.of() : data);
    output.put("approved", approved);
    return output;
  }
}
