package io.flowmesh.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.WorkflowId;
import io.flowmesh.orchestrator.definition.DefinitionParser;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Retry from the failed node: a new attempt with its own number, input resolved again. */
class RetryInterpreterTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger ids = new AtomicInteger();
  private final Interpreter interpreter = new Interpreter(() -> "exe" + ids.incrementAndGet());

  private WorkflowDefinition definition(String document) {
    return new DefinitionParser(json).parse(json.readTree(document));
  }

  private final WorkflowDefinition flow =
      definition(
          """
          {"id":"flow","nodes":[
            {"id":"trigger","type":"trigger"},
            {"id":"fetch","type":"action","config":{"function":"core/echo","input":{"id":"{{trigger.id}}"}}},
            {"id":"check","type":"condition","config":{"expression":"input.size > 2"}},
            {"id":"big","type":"end"},
            {"id":"small","type":"end"}],
           "edges":[{"source":"trigger","target":"fetch"},{"source":"fetch","target":"check"},
                    {"source":"check","target":"big","sourceHandle":"true"},
                    {"source":"check","target":"small","sourceHandle":"false"}]}
          """);

  /** The state a failed run is reloaded with: the trigger completed, the node failed. */
  private static RunState failedAt(String nodeId, Map<String, Object> outputs) {
    return new RunState(
        RunId.of("run_1"),
        WorkflowId.of("flow"),
        outputs,
        Set.of("trigger", nodeId),
        Set.of(),
        Set.of("trigger"));
  }

  @Test
  void aFailedActionCallsItsFunctionAgainAsTheNextAttemptWithInputResolvedAgain() {
    RunState state = failedAt("fetch", Map.of("trigger", Map.of("id", 7)));

    List<Step> steps = interpreter.retry(flow, state, "fetch", 2, Map.of("id", 6));

    assertThat(steps)
        .extracting(step -> step.getClass().getSimpleName())
        .containsExactly("NodeStarted", "FunctionCalled");
    Step.FunctionCalled call = (Step.FunctionCalled) steps.get(1);
    assertThat(call.attempt()).isEqualTo(2);
    assertThat(call.input()).isEqualTo(Map.of("id", 7));
    assertThat(((Step.NodeStarted) steps.get(0)).attempt()).isEqualTo(2);
  }

  @Test
  void aRetriedActionWhoseTemplateStillDoesNotResolveFailsTheRunAgainAtThatAttempt() {
    RunState state = failedAt("fetch", Map.of("trigger", Map.of()));

    List<Step> steps = interpreter.retry(flow, state, "fetch", 3, null);

    assertThat(steps)
        .extracting(step -> step.getClass().getSimpleName())
        .containsExactly("NodeStarted", "NodeFailed", "RunFailed");
    assertThat(((Step.NodeFailed) steps.get(1)).attempt()).isEqualTo(3);
    assertThat(((Step.NodeFailed) steps.get(1)).error().code()).isEqualTo("TEMPLATE_UNRESOLVED");
  }

  @Test
  void aRetriedConditionEvaluatesItsPreviousInputAndFollowsItsBranchToTheEnd() {
    RunState state =
        new RunState(
            RunId.of("run_1"),
            WorkflowId.of("flow"),
            Map.of("trigger", Map.of("id", 1), "fetch", Map.of("size", 3)),
            Set.of("trigger", "fetch", "check"),
            Set.of(),
            Set.of("trigger", "fetch"));

    List<Step> steps = interpreter.retry(flow, state, "check", 2, Map.of("size", 3));

    assertThat(steps)
        .extracting(step -> step.getClass().getSimpleName())
        .containsExactly(
            "NodeStarted", "NodeCompleted", "NodeStarted", "NodeCompleted", "RunCompleted");
    assertThat(((Step.NodeCompleted) steps.get(1)).attempt()).isEqualTo(2);
    assertThat(((Step.NodeStarted) steps.get(2)).node().id()).isEqualTo("big");
  }

  @Test
  void nodesThatNeverFailCannotBeRetried() {
    assertThat(Interpreter.isRetryable(flow.node("fetch"))).isTrue();
    assertThat(Interpreter.isRetryable(flow.node("check"))).isTrue();
    assertThat(Interpreter.isRetryable(flow.node("big"))).isFalse();
    assertThat(Interpreter.isRetryable(null)).isFalse();
    assertThatThrownBy(() -> interpreter.retry(flow, failedAt("big", Map.of()), "big", 2, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
