package io.flowmesh.orchestrator.run;

import io.flowmesh.model.TenantId;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.definition.DefinitionService;
import io.flowmesh.orchestrator.definition.Node;
import io.flowmesh.orchestrator.definition.NodeKind;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.RunState;
import io.flowmesh.orchestrator.engine.Step;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Delivers {@code POST /runs/{id}/events} to the approval gates and wait-for-event nodes waiting
 * for that event name: each completes with the event data as its output (a wait-for-event node with
 * {@code {type, data}}), in one transaction under the run row lock. A gate also answers to {@code
 * approval_<node id>}, the name the Workflow Builder's API raises.
 */
@Service
public class RunEventService {

  private static final String SEED_APPROVAL_PREFIX = "approval_";

  private final RunRepository runs;
  private final DefinitionService definitions;
  private final RunTransitions transitions;
  private final RunService runService;

  RunEventService(
      RunRepository runs,
      DefinitionService definitions,
      RunTransitions transitions,
      RunService runService) {
    this.runs = runs;
    this.definitions = definitions;
    this.transitions = transitions;
    this.runService = runService;
  }

  /**
   * @throws RunNotFoundException if the tenant has no such run
   * @throws RunStateConflictException if the run finished or no gate waits for this event
   */
  @Transactional
  public RunView deliver(TenantId tenant, RunId runId, String eventName, Object eventData) {
    RunRow run =
        transitions.lockFor(
            RunOperation.DELIVER_EVENT,
            tenant,
            runId,
            locked ->
                "Run '" + runId + "' is " + locked.status() + "; it no longer accepts events");
    WorkflowDefinition definition =
        definitions.find(tenant, run.workflowId(), run.version()).orElseThrow().definition();
    Map<String, String> running = runs.runningExecutions(tenant, runId);
    TreeSet<String> awaited = new TreeSet<>();
    List<Map.Entry<String, String>> gates =
        running.entrySet().stream()
            .filter(
                entry -> {
                  Node node = definition.node(entry.getKey());
                  if (node == null
                      || (node.kind() != NodeKind.APPROVAL_GATE
                          && node.kind() != NodeKind.WAIT_FOR_EVENT)) {
                    return false;
                  }
                  awaited.add(node.eventName());
                  return eventName.equals(node.eventName())
                      || eventName.equals(SEED_APPROVAL_PREFIX + node.id());
                })
            .sorted(Map.Entry.comparingByKey())
            .toList();
    if (gates.isEmpty()) {
      throw new RunStateConflictException(
          "Run '"
              + runId
              + "' is not waiting for event '"
              + eventName
              + "'"
              + (awaited.isEmpty() ? "; no approval gate is waiting" : "; waiting for " + awaited));
    }
    RunState state = transitions.state(tenant, run);
    RunRow current = run;
    for (Map.Entry<String, String> gate : gates) {
      // A paused run records the gate's completion; what follows waits for resume.
      FunctionOutcome outcome =
          new FunctionOutcome(
              tenant,
              runId,
              gate.getKey(),
              gate.getValue(),
              1,
              output(definition.node(gate.getKey()), eventName, eventData),
              null);
      List<Step> steps = transitions.decide(definition, state, outcome);
      current = transitions.recordOutcome(tenant, current, definition, state, steps, outcome);
    }
    return runService.get(tenant, runId);
  }

  /**
   * A gate completes with the event's data; a wait-for-event node with the event as correlation
   * delivers it, which here has only its name and data.
   */
  private static Object output(Node node, String eventName, Object eventData) {
    if (node.kind() != NodeKind.WAIT_FOR_EVENT) {
      return eventData;
    }
    Map<String, Object> event = new java.util.LinkedHashMap<>();
    event.put("type", eventName);
    if (eventData != null) {
      event.put("data", eventData);
    }
    return event;
  }
}
