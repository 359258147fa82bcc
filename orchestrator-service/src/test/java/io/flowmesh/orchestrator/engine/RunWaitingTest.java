package io.flowmesh.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.WorkflowId;
import io.flowmesh.orchestrator.definition.DefinitionParser;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** When a run only waits (WAITING) and when it works (RUNNING), derived from its state. */
class RunWaitingTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger ids = new AtomicInteger();
  private final Interpreter interpreter = new Interpreter(() -> "exe" + ids.incrementAndGet());

  private WorkflowDefinition definition(String document) {
    return new DefinitionParser(json).parse(json.readTree(document));
  }

  /** One waiting node of the given kind after the trigger. */
  private WorkflowDefinition single(String node) {
    return definition(
        """
        {"id":"w","nodes":[{"id":"t","type":"trigger"},%s],
         "edges":[{"source":"t","target":"n"}]}
        """
            .formatted(node));
  }

  @Test
  void aRunWhoseOnlyOpenNodeWaitsForTheOutsideWorldWaits() {
    for (String node :
        List.of(
            "{\"id\":\"n\",\"type\":\"timer\",\"config\":{\"duration\":\"PT1M\"}}",
            "{\"id\":\"n\",\"type\":\"approval-gate\",\"config\":{\"eventName\":\"ok\"}}",
            "{\"id\":\"n\",\"type\":\"manual-task\"}",
            "{\"id\":\"n\",\"type\":\"sub-workflow\",\"config\":{\"workflowId\":\"child\"}}")) {
      WorkflowDefinition definition = single(node);
      RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("w"));

      interpreter.start(definition, state, Map.of());

      assertThat(Interpreter.onlyWaits(definition, state)).as(node).isTrue();
    }
  }

  @Test
  void aRunningFunctionOrForEachMakesTheRunWork() {
    for (String node :
        List.of(
            "{\"id\":\"n\",\"type\":\"action\",\"config\":{\"actionId\":\"x/a\"}}",
            "{\"id\":\"n\",\"type\":\"for-each\",\"config\":{\"items\":\"[1, 2]\","
                + "\"function\":\"x/a\"}}")) {
      WorkflowDefinition definition = single(node);
      RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("w"));

      interpreter.start(definition, state, Map.of());

      assertThat(Interpreter.onlyWaits(definition, state)).as(node).isFalse();
    }
  }

  @Test
  void aBranchStillWorkingKeepsTheRunRunningUntilOnlyTheGateIsLeft() {
    WorkflowDefinition definition =
        definition(
            """
            {"id":"fan","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"split","type":"parallel"},
              {"id":"call","type":"action","config":{"actionId":"x/a"}},
              {"id":"gate","type":"approval-gate","config":{"eventName":"ok"}}],
             "edges":[{"source":"t","target":"split"},{"source":"split","target":"call"},
                      {"source":"split","target":"gate"}]}
            """);
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("fan"));
    List<Step> started = interpreter.start(definition, state, Map.of());
    assertThat(Interpreter.onlyWaits(definition, state)).isFalse();

    String call =
        started.stream()
            .filter(Step.FunctionCalled.class::isInstance)
            .map(step -> ((Step.FunctionCalled) step).executionId())
            .findFirst()
            .orElseThrow();
    interpreter.complete(definition, state, "call", call, 1, Map.of());

    assertThat(Interpreter.onlyWaits(definition, state)).isTrue();
  }

  @Test
  void aRetryBackoffIsWorkAndAFinishedRunDoesNotWait() {
    WorkflowDefinition definition =
        single(
            "{\"id\":\"n\",\"type\":\"action\",\"config\":{\"actionId\":\"x/a\","
                + "\"retry\":{\"maxAttempts\":2}}}");
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("w"));
    String call =
        ((Step.FunctionCalled) interpreter.start(definition, state, Map.of()).getLast())
            .executionId();

    List<Step> failed =
        interpreter.fail(
            definition, state, "n", call, 1, new ExecutionError("HTTP_503", "busy", true));
    assertThat(failed).anyMatch(Step.AttemptScheduled.class::isInstance);
    assertThat(Interpreter.onlyWaits(definition, state)).isFalse();

    WorkflowDefinition done =
        definition("{\"id\":\"d\",\"nodes\":[{\"id\":\"t\",\"type\":\"trigger\"}]}");
    RunState finished = RunState.fresh(RunId.of("run_2"), WorkflowId.of("d"));
    interpreter.start(done, finished, Map.of());
    assertThat(Interpreter.onlyWaits(done, finished)).isFalse();
  }
}
