package io.flowmesh.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.WorkflowId;
import io.flowmesh.orchestrator.definition.DefinitionParser;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ManualTaskInterpreterTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger ids = new AtomicInteger();
  private final Interpreter interpreter = new Interpreter(() -> "exe" + ids.incrementAndGet());

  private WorkflowDefinition definition(String document) {
    return new DefinitionParser(json).parse(json.readTree(document));
  }

  private final WorkflowDefinition review =
      definition(
          """
          {"id":"review","nodes":[
            {"id":"t","type":"trigger"},
            {"id":"task","type":"manual-task","label":"Review Order","config":{
              "assignee":"{{trigger.manager}}","title":"Review order {{trigger.order}}",
              "input":{"order":"{{trigger.order}}","run":"{{run.id}}"},
              "form":{"type":"object","required":["approved"],
                      "properties":{"approved":{"type":"boolean"}}}}},
            {"id":"after","type":"action","config":{"function":"core/echo",
              "input":{"approved":"{{ReviewOrder.approved}}"}}}],
           "edges":[{"source":"t","target":"task"},{"source":"task","target":"after"}]}
          """);

  @Test
  void aManualTaskOpensWithResolvedAssigneeAndDetailsAndWaits() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("review"));

    List<Step> steps = interpreter.start(review, state, Map.of("manager", "ann", "order", 42));

    assertThat(steps)
        .extracting(step -> step.getClass().getSimpleName())
        .containsExactly("NodeStarted", "NodeCompleted", "NodeStarted", "TaskOpened");
    Step.TaskOpened opened = (Step.TaskOpened) steps.getLast();
    assertThat(opened.assignee()).isEqualTo("ann");
    assertThat(opened.details())
        .containsEntry("title", "Review order 42")
        .containsEntry("input", Map.of("order", 42, "run", "run_1"));
    // the run waits: nothing completes it
    assertThat(steps).noneMatch(Step.RunCompleted.class::isInstance);
    assertThat(state.idle()).isFalse();
  }

  @Test
  void completingTheTaskMakesTheSubmittedDataItsOutputForLaterNodes() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("review"));
    List<Step> started = interpreter.start(review, state, Map.of("manager", "ann", "order", 42));
    String executionId = ((Step.TaskOpened) started.getLast()).executionId();

    List<Step> steps =
        interpreter.complete(review, state, "task", executionId, 1, Map.of("approved", true));

    assertThat(((Step.NodeCompleted) steps.getFirst()).output())
        .isEqualTo(Map.of("approved", true));
    Step.FunctionCalled call = (Step.FunctionCalled) steps.getLast();
    assertThat(call.input()).isEqualTo(Map.of("approved", true));
  }

  @Test
  void aTaskWithoutAssigneeIsForAnyone() {
    WorkflowDefinition open =
        definition(
            """
            {"id":"open","nodes":[{"id":"t","type":"trigger"},{"id":"task","type":"manual-task"}],
             "edges":[{"source":"t","target":"task"}]}
            """);
    List<Step> steps =
        interpreter.start(open, RunState.fresh(RunId.of("run_1"), WorkflowId.of("open")), Map.of());

    Step.TaskOpened opened = (Step.TaskOpened) steps.getLast();
    assertThat(opened.assignee()).isNull();
    assertThat(opened.details()).isEmpty();
  }

  @Test
  void anUnresolvedAssigneeFailsTheNodeNamingTheTemplate() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("review"));

    List<Step> steps = interpreter.start(review, state, Map.of("order", 42));

    Step.NodeFailed failed =
        steps.stream()
            .filter(Step.NodeFailed.class::isInstance)
            .map(Step.NodeFailed.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(failed.node().id()).isEqualTo("task");
    assertThat(failed.error().code()).isEqualTo("TEMPLATE_UNRESOLVED");
    assertThat(failed.error().message())
        .contains("{{trigger.manager}}")
        .contains("config.assignee");
    assertThat(steps).last().isInstanceOf(Step.RunFailed.class);
    assertThat(steps).noneMatch(Step.TaskOpened.class::isInstance);
  }

  @Test
  void aDisabledManualTaskPassesItsInputThroughWithoutOpeningATask() {
    WorkflowDefinition skipped =
        definition(
            """
            {"id":"skip","nodes":[{"id":"t","type":"trigger"},
              {"id":"task","type":"manual-task","enabled":false},{"id":"end","type":"end"}],
             "edges":[{"source":"t","target":"task"},{"source":"task","target":"end"}]}
            """);
    List<Step> steps =
        interpreter.start(
            skipped, RunState.fresh(RunId.of("run_1"), WorkflowId.of("skip")), Map.of("a", 1));

    assertThat(steps).noneMatch(Step.TaskOpened.class::isInstance);
    assertThat(steps).last().isInstanceOf(Step.RunCompleted.class);
  }
}
