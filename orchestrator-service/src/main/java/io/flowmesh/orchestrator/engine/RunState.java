package io.flowmesh.orchestrator.engine;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.WorkflowId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the interpreter needs to know of a run, loaded at the start of a transaction with the run
 * row locked: outputs so far, which nodes have been activated, which are still running, which have
 * completed.
 */
public final class RunState {

  private final RunId runId;
  private final WorkflowId workflowId;
  private final Map<String, Object> outputs;
  private final Set<String> activated;
  private final Set<String> running;
  private final Set<String> completed;
  private boolean failed;
  private String failedNodeId;
  private ExecutionError failure;

  public RunState(
      RunId runId,
      WorkflowId workflowId,
      Map<String, Object> outputs,
      Set<String> activated,
      Set<String> running,
      Set<String> completed) {
    this.runId = runId;
    this.workflowId = workflowId;
    this.outputs = new LinkedHashMap<>(outputs);
    this.activated = new HashSet<>(activated);
    this.running = new HashSet<>(running);
    this.completed = new HashSet<>(completed);
  }

  /** A run that has not started any node yet. */
  public static RunState fresh(RunId runId, WorkflowId workflowId) {
    return new RunState(runId, workflowId, Map.of(), Set.of(), Set.of(), Set.of());
  }

  public RunId runId() {
    return runId;
  }

  public WorkflowId workflowId() {
    return workflowId;
  }

  /** Outputs so far: {@code trigger} and each completed node's output by node id. */
  public Map<String, Object> outputs() {
    return outputs;
  }

  /** Marks a node activated; false if it already was (a node runs at most once per run). */
  boolean activate(String nodeId) {
    return activated.add(nodeId);
  }

  void running(String nodeId) {
    running.add(nodeId);
  }

  void finished(String nodeId) {
    running.remove(nodeId);
  }

  void completed(String nodeId) {
    completed.add(nodeId);
  }

  /** Whether the node has completed in this run (a join waits for its predecessors by this). */
  boolean hasCompleted(String nodeId) {
    return completed.contains(nodeId);
  }

  boolean idle() {
    return running.isEmpty();
  }

  /** Whether any running node matches. */
  boolean anyRunning(Predicate<String> nodes) {
    return running.stream().anyMatch(nodes);
  }

  boolean failed() {
    return failed;
  }

  void fail() {
    failed = true;
  }

  /**
   * The run is failing: its failure handler runs, and when the run is idle it fails with this
   * error. Set again on every transition while the handler runs (from the run row's error).
   */
  public void failing(String nodeId, ExecutionError error) {
    this.failedNodeId = nodeId;
    this.failure = error;
  }

  /** Whether the run is failing and only its failure handler's branch still runs. */
  boolean handlingFailure() {
    return failure != null;
  }

  String failedNodeId() {
    return failedNodeId;
  }

  ExecutionError failure() {
    return failure;
  }
}
