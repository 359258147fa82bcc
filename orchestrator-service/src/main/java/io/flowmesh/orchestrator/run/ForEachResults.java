package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.Interpreter;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import io.flowmesh.orchestrator.engine.foreach.ForEachProgress;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the function result of a for-each item, in the caller's transaction under the run row
 * lock: the item is recorded, and the interpreter starts the next items, completes the node with
 * every output in item order, or fails it naming the item. A result for an item that is not
 * running, of a node that is not running, or of a finished run changes nothing. While the run is
 * paused the item is recorded and what it would cause (next items, the node's end) is held.
 */
@Component
class ForEachResults {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ForEachItemRepository items;
  private final RunRepository runs;
  private final RunDefinitions runDefinitions;
  private final RunTransitions transitions;
  private final JsonMapper json;

  ForEachResults(
      ForEachItemRepository items,
      RunRepository runs,
      RunDefinitions runDefinitions,
      RunTransitions transitions,
      JsonMapper json) {
    this.items = items;
    this.runs = runs;
    this.runDefinitions = runDefinitions;
    this.transitions = transitions;
    this.json = json;
  }

  /**
   * @return false if the result belongs to no for-each item
   */
  boolean apply(FunctionOutcome outcome, RunRow run) {
    TenantId tenant = outcome.tenant();
    Optional<ForEachItemRepository.Item> found = items.find(tenant, outcome.executionId());
    if (found.isEmpty()) {
      return false;
    }
    ForEachItemRepository.Item item = found.get();
    Optional<String> node = runs.executionStatus(tenant, item.nodeExecutionId());
    if (!run.status().allows(RunOperation.RECORD_RESULT)
        || !"RUNNING".equals(item.status())
        || !node.equals(Optional.of("RUNNING"))) {
      return true;
    }
    Instant now = Instant.now();
    if (outcome.error() == null) {
      items.finish(
          tenant,
          item.executionId(),
          "COMPLETED",
          json.writeValueAsString(outcome.output()),
          null,
          now);
    } else {
      items.finish(
          tenant,
          item.executionId(),
          "FAILED",
          null,
          json.writeValueAsString(outcome.error()),
          now);
    }
    Optional<WorkflowDefinition> readable =
        runDefinitions.forResult(
            tenant,
            run,
            item.nodeId(),
            item.nodeExecutionId(),
            items.nodeExecution(tenant, item.nodeExecutionId()).orElseThrow().attempt());
    if (readable.isEmpty()) {
      return true;
    }
    WorkflowDefinition definition = readable.get();
    RunState current = transitions.state(tenant, run);
    List<Step> steps =
        advance(tenant, definition, current, item, outcome.output(), outcome.error());
    // The item's own result is recorded above; a paused run holds what it causes (no steps of
    // the item itself are among them, so all of them wait for resume).
    transitions.recordOutcome(tenant, run, definition, current, steps, outcome);
    return true;
  }

  /**
   * Applies an item result held while the run was paused: the item was recorded when it arrived, so
   * only what it causes happens now. Nothing happens if the node has moved on meanwhile (an earlier
   * held result failed it).
   *
   * @return the run row as updated; empty if the held outcome is not a for-each item's
   */
  Optional<RunRow> replay(
      TenantId tenant,
      RunRow run,
      WorkflowDefinition definition,
      RunOperationsRepository.HeldOutcome held) {
    Optional<ForEachItemRepository.Item> found = items.find(tenant, held.executionId());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ForEachItemRepository.Item item = found.get();
    if (!runs.executionStatus(tenant, item.nodeExecutionId()).equals(Optional.of("RUNNING"))) {
      return Optional.of(run);
    }
    RunState current = transitions.state(tenant, run);
    List<Step> steps = advance(tenant, definition, current, item, held.output(), held.error());
    return Optional.of(transitions.record(tenant, run, steps, definition, current));
  }

  /**
   * The outputs by item index of every item the for-each attempt completed, including those it
   * carried over from an earlier attempt: what a retry of the node keeps.
   */
  Map<Integer, Object> completedOutputs(TenantId tenant, String nodeExecutionId) {
    Map<Integer, Object> completed = new HashMap<>();
    items
        .nodeExecution(tenant, nodeExecutionId)
        .ifPresent(execution -> completed.putAll(carriedOver(execution)));
    for (ForEachItemRepository.Item item : items.ofNodeExecution(tenant, nodeExecutionId)) {
      if ("COMPLETED".equals(item.status())) {
        completed.put(item.index(), parse(item.outputJson()));
      }
    }
    return completed;
  }

  /** What the item's (recorded) result causes: next items, the node's completion or failure. */
  private List<Step> advance(
      TenantId tenant,
      WorkflowDefinition definition,
      RunState current,
      ForEachItemRepository.Item item,
      Object output,
      ExecutionError error) {
    ForEachItemRepository.NodeExecution execution =
        items.nodeExecution(tenant, item.nodeExecutionId()).orElseThrow();
    if (error != null) {
      return transitions
          .engine()
          .itemFailed(
              definition,
              current,
              item.nodeId(),
              item.nodeExecutionId(),
              execution.attempt(),
              item.index(),
              error);
    }
    Map<String, Object> started = json.readValue(execution.inputJson(), MAP);
    @SuppressWarnings("unchecked")
    List<Object> all = (List<Object>) started.get("items");
    return transitions
        .engine()
        .itemCompleted(
            definition,
            current,
            item.nodeId(),
            item.nodeExecutionId(),
            execution.attempt(),
            all,
            progress(tenant, item, execution, all.size(), (Integer) started.get("concurrency")),
            item.index(),
            output);
  }

  /**
   * The node's progress as the rows say, with the arriving item still in flight. Only completed
   * items (and those an earlier attempt completed) count as done; any other started item occupies
   * its slot, including one that failed while the run was paused, whose held result fails the node
   * when it is replayed: it must not be called again.
   */
  private ForEachProgress progress(
      TenantId tenant,
      ForEachItemRepository.Item arriving,
      ForEachItemRepository.NodeExecution execution,
      int itemCount,
      int concurrency) {
    Map<Integer, Object> completed = new HashMap<>(carriedOver(execution));
    Set<Integer> inFlight = new HashSet<>();
    for (ForEachItemRepository.Item item :
        items.ofNodeExecution(tenant, arriving.nodeExecutionId())) {
      if (item.index() != arriving.index() && "COMPLETED".equals(item.status())) {
        completed.put(item.index(), parse(item.outputJson()));
      } else {
        inFlight.add(item.index());
      }
    }
    return ForEachProgress.restore(itemCount, concurrency, completed, inFlight);
  }

  private Map<Integer, Object> carriedOver(ForEachItemRepository.NodeExecution execution) {
    if (execution.inputJson() == null) {
      return Map.of();
    }
    // an attempt whose items expression failed started with its predecessor's output instead
    Object input = json.readValue(execution.inputJson(), Object.class);
    Map<Integer, Object> outputs = new HashMap<>();
    if (input instanceof Map<?, ?> started
        && started.get(Interpreter.CARRIED_OVER) instanceof Map<?, ?> byIndex) {
      byIndex.forEach((index, output) -> outputs.put(Integer.valueOf((String) index), output));
    }
    return outputs;
  }

  private Object parse(String jsonText) {
    return jsonText == null ? null : json.readValue(jsonText, Object.class);
  }
}
