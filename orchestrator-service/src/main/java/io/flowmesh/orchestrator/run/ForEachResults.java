package io.flowmesh.orchestrator.run;

import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
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
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the function result of a for-each item, in the caller's transaction under the run row
 * lock: the item is recorded, and the interpreter starts the next items, completes the node with
 * every output in item order, or fails it naming the item. A result for an item that is not
 * running, of a node that is not running, or of a finished run changes nothing.
 */
@Component
class ForEachResults {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ForEachItemRepository items;
  private final RunRepository runs;
  private final DefinitionService definitions;
  private final RunService runService;
  private final StepRecorder recorder;
  private final JsonMapper json;

  ForEachResults(
      ForEachItemRepository items,
      RunRepository runs,
      DefinitionService definitions,
      RunService runService,
      StepRecorder recorder,
      JsonMapper json) {
    this.items = items;
    this.runs = runs;
    this.definitions = definitions;
    this.runService = runService;
    this.recorder = recorder;
    this.json = json;
  }

  /**
   * @return false if the result belongs to no for-each item
   */
  boolean apply(FunctionOutcome outcome, RunRow run, Supplier<RunState> state) {
    String tenant = outcome.tenant();
    Optional<ForEachItemRepository.Item> found = items.find(tenant, outcome.executionId());
    if (found.isEmpty()) {
      return false;
    }
    ForEachItemRepository.Item item = found.get();
    Optional<String> node = runs.executionStatus(tenant, item.nodeExecutionId());
    if (run.status().isFinal()
        || !"RUNNING".equals(item.status())
        || !node.equals(Optional.of("RUNNING"))) {
      return true;
    }
    Instant now = Instant.now();
    WorkflowDefinition definition =
        definitions.find(tenant, run.workflowId(), run.version()).orElseThrow().definition();
    RunState current = state.get();
    List<Step> steps;
    if (outcome.error() == null) {
      items.finish(
          tenant,
          item.executionId(),
          "COMPLETED",
          json.writeValueAsString(outcome.output()),
          null,
          now);
      Map<String, Object> started =
          json.readValue(
              items.nodeExecutionInput(tenant, item.nodeExecutionId()).orElseThrow(), MAP);
      @SuppressWarnings("unchecked")
      List<Object> all = (List<Object>) started.get("items");
      steps =
          runService
              .interpreter()
              .itemCompleted(
                  definition,
                  current,
                  item.nodeId(),
                  item.nodeExecutionId(),
                  all,
                  progress(tenant, item, all.size(), (Integer) started.get("concurrency")),
                  item.index(),
                  outcome.output());
    } else {
      items.finish(
          tenant,
          item.executionId(),
          "FAILED",
          null,
          json.writeValueAsString(outcome.error()),
          now);
      steps =
          runService
              .interpreter()
              .itemFailed(
                  definition,
                  current,
                  item.nodeId(),
                  item.nodeExecutionId(),
                  item.index(),
                  outcome.error());
    }
    recorder.record(tenant, run, steps, definition, current);
    return true;
  }

  /** The node's progress as the rows say, with the arriving item still in flight. */
  private ForEachProgress progress(
      String tenant, ForEachItemRepository.Item arriving, int itemCount, int concurrency) {
    Map<Integer, Object> completed = new HashMap<>();
    Set<Integer> inFlight = new HashSet<>();
    for (ForEachItemRepository.Item item :
        items.ofNodeExecution(tenant, arriving.nodeExecutionId())) {
      if (item.index() == arriving.index() || "RUNNING".equals(item.status())) {
        inFlight.add(item.index());
      } else if ("COMPLETED".equals(item.status())) {
        completed.put(
            item.index(),
            item.outputJson() == null ? null : json.readValue(item.outputJson(), Object.class));
      }
    }
    return ForEachProgress.restore(itemCount, concurrency, completed, inFlight);
  }
}
