package io.flowmesh.client.worker;

import io.flowmesh.client.WorkerTasks.WorkerTask;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The task a handler runs: its input and where it comes from. */
public final class TaskContext {

  private final WorkerTask task;
  private final JsonMapper json;
  private volatile boolean leaseLost;

  TaskContext(WorkerTask task, JsonMapper json) {
    this.task = task;
    this.json = json;
  }

  /** The task's id: unique per tenant, the same if this attempt's request is delivered again. */
  public String taskId() {
    return task.taskId();
  }

  /** The function's slug. */
  public String function() {
    return task.function();
  }

  public String runId() {
    return task.runId();
  }

  public String nodeId() {
    return task.nodeId();
  }

  /** The node's attempt, 1 for the first. */
  public int attempt() {
    return task.attempt();
  }

  /** The input as JSON. */
  public JsonNode input() {
    return task.input();
  }

  /** The input read as {@code type}. */
  public <T> T input(Class<T> type) {
    return json.treeToValue(task.input(), type);
  }

  /**
   * Whether this worker has lost the task's lease (a heartbeat was refused): its result will be
   * refused too, so a long handler may stop early.
   */
  public boolean leaseLost() {
    return leaseLost;
  }

  void loseLease() {
    leaseLost = true;
  }

  WorkerTask task() {
    return task;
  }
}
