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

class SubWorkflowInterpreterTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger ids = new AtomicInteger();
  private final Interpreter interpreter = new Interpreter(() -> "exe" + ids.incrementAndGet());

  private WorkflowDefinition definition(String config) {
    return new DefinitionParser(json)
        .parse(
            json.readTree(
                """
                {"id":"parent","nodes":[{"id":"t","type":"trigger"},
                  {"id":"sub","type":"sub-workflow","label":"Ship It","config":%s},
                  {"id":"next","type":"action","config":{"function":"core/echo",
                    "input":{"tracking":"{{ShipIt.outputs.ship.tracking}}"}}}],
                 "edges":[{"source":"t","target":"sub"},{"source":"sub","target":"next"}]}
                """
                    .formatted(config)));
  }

  @Test
  void asksForAChildRunWithResolvedInputAndWaits() {
    WorkflowDefinition parent =
        definition(
            """
            {"workflowId":"shipping","version":3,
             "input":{"order":"{{trigger.order}}","parentRun":"{{run.id}}"}}
            """);
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("parent"));

    List<Step> steps = interpreter.start(parent, state, Map.of("order", 9));

    assertThat(steps)
        .extracting(step -> step.getClass().getSimpleName())
        .containsExactly("NodeStarted", "NodeCompleted", "NodeStarted", "ChildRunRequested");
    Step.ChildRunRequested request = (Step.ChildRunRequested) steps.getLast();
    assertThat(request.workflowId()).isEqualTo("shipping");
    assertThat(request.version()).isEqualTo(3);
    assertThat(request.input()).isEqualTo(Map.of("order", 9, "parentRun", "run_1"));
    assertThat(state.idle()).isFalse();
  }

  @Test
  void withoutInputTheChildGetsThePreviousOutputAndTheLatestVersion() {
    List<Step> steps =
        interpreter.start(
            definition("{\"workflowId\":\"shipping\"}"),
            RunState.fresh(RunId.of("run_1"), WorkflowId.of("parent")),
            Map.of("order", 9));

    Step.ChildRunRequested request = (Step.ChildRunRequested) steps.getLast();
    assertThat(request.version()).isNull();
    assertThat(request.input()).isEqualTo(Map.of("order", 9));
  }

  @Test
  void theChildsResultCompletesTheNodeAndLaterNodesReadItsOutputs() {
    WorkflowDefinition parent = definition("{\"workflowId\":\"shipping\"}");
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("parent"));
    String executionId =
        ((Step.ChildRunRequested) interpreter.start(parent, state, Map.of()).getLast())
            .executionId();

    List<Step> steps =
        interpreter.complete(
            parent,
            state,
            "sub",
            executionId,
            1,
            Map.of(
                "runId",
                "run_2",
                "status",
                "COMPLETED",
                "outputs",
                Map.of("ship", Map.of("tracking", "T-1"))));

    assertThat(((Step.FunctionCalled) steps.getLast()).input())
        .isEqualTo(Map.of("tracking", "T-1"));
  }

  @Test
  void aChildFailureHandedOnAsAFailureFailsTheRun() {
    WorkflowDefinition parent = definition("{\"workflowId\":\"shipping\"}");
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("parent"));
    String executionId =
        ((Step.ChildRunRequested) interpreter.start(parent, state, Map.of()).getLast())
            .executionId();
    ExecutionError error =
        new ExecutionError("CHILD_RUN_FAILED", "child run 'run_2' failed", false);

    List<Step> steps = interpreter.fail(parent, state, "sub", executionId, 1, error);

    assertThat(steps).last().isEqualTo(new Step.RunFailed("sub", error));
  }

  @Test
  void anUnresolvedInputReferenceFailsTheNodeBeforeAnyChildStarts() {
    List<Step> steps =
        interpreter.start(
            definition("{\"workflowId\":\"shipping\",\"input\":{\"o\":\"{{trigger.order}}\"}}"),
            RunState.fresh(RunId.of("run_1"), WorkflowId.of("parent")),
            Map.of());

    assertThat(steps).noneMatch(Step.ChildRunRequested.class::isInstance);
    Step.NodeFailed failed =
        steps.stream()
            .filter(Step.NodeFailed.class::isInstance)
            .map(Step.NodeFailed.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(failed.error().code()).isEqualTo("TEMPLATE_UNRESOLVED");
    assertThat(failed.error().message()).contains("{{trigger.order}}").contains("config.input.o");
  }
}
