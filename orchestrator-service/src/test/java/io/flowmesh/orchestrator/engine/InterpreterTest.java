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

class InterpreterTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger ids = new AtomicInteger();
  private final Interpreter interpreter = new Interpreter(() -> "exe" + ids.incrementAndGet());

  private WorkflowDefinition definition(String document) {
    return new DefinitionParser(json).parse(json.readTree(document));
  }

  private final WorkflowDefinition echo =
      definition(
          """
          {"id":"hello","nodes":[
            {"id":"trigger","type":"trigger"},
            {"id":"echo","type":"action","label":"Echo It","config":{"function":"core/echo","input":{"message":"{{trigger.message}}","n":"{{trigger.n}}"}}},
            {"id":"end","type":"end"}],
           "edges":[{"source":"trigger","target":"echo"},{"source":"echo","target":"end"}]}
          """);

  @Test
  void startCompletesTheTriggerAndCallsTheFirstFunctionWithResolvedInput() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("hello"));
    List<Step> steps = interpreter.start(echo, state, Map.of("message", "hi", "n", 3));

    assertThat(steps)
        .extracting(step -> step.getClass().getSimpleName())
        .containsExactly("NodeStarted", "NodeCompleted", "NodeStarted", "FunctionCalled");
    Step.FunctionCalled call = (Step.FunctionCalled) steps.get(3);
    assertThat(call.function()).isEqualTo("core/echo");
    // a whole-string template keeps the JSON type of the value
    assertThat(call.input()).isEqualTo(Map.of("message", "hi", "n", 3));
    assertThat(state.outputs()).containsEntry("trigger", Map.of("message", "hi", "n", 3));
  }

  @Test
  void functionResultCompletesTheNodeThenTheEndThenTheRun() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("hello"));
    List<Step> started = interpreter.start(echo, state, Map.of("message", "hi", "n", 1));
    String executionId = ((Step.FunctionCalled) started.get(3)).executionId();

    List<Step> steps =
        interpreter.complete(echo, state, "echo", executionId, 1, Map.of("message", "hi"));

    assertThat(steps)
        .extracting(step -> step.getClass().getSimpleName())
        .containsExactly("NodeCompleted", "NodeStarted", "NodeCompleted", "RunCompleted");
    Step.RunCompleted done = (Step.RunCompleted) steps.get(3);
    assertThat(done.outputs())
        .containsEntry("echo", Map.of("message", "hi"))
        .containsKey("trigger");
  }

  @Test
  void aFailedFunctionFailsTheRun() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("hello"));
    interpreter.start(echo, state, Map.of("message", "hi", "n", 1));
    ExecutionError error = new ExecutionError("FUNCTION_NOT_FOUND", "no such function", false);

    List<Step> steps = interpreter.fail(echo, state, "echo", "exe2", 1, error);

    assertThat(steps).last().isEqualTo(new Step.RunFailed("echo", error));
  }

  @Test
  void aMissingTriggerFieldFailsTheNodeNamingTheTemplate() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("hello"));
    List<Step> steps = interpreter.start(echo, state, Map.of("message", "hi"));

    Step.NodeFailed failed =
        steps.stream()
            .filter(Step.NodeFailed.class::isInstance)
            .map(Step.NodeFailed.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(failed.error().code()).isEqualTo("TEMPLATE_UNRESOLVED");
    assertThat(failed.error().message()).contains("{{trigger.n}}").contains("'n' not found");
    assertThat(steps).last().isInstanceOf(Step.RunFailed.class);
  }

  @Test
  void laterNodesReadEarlierOutputsByIdAndByLabel() {
    WorkflowDefinition chain =
        definition(
            """
            {"id":"chain","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"a","type":"action","label":"Get UUID","config":{"actionId":"core/uuid"}},
              {"id":"b","type":"action","config":{"actionId":"core/echo","byLabel":"id {{GetUUID.data.uuid}}","byId":"{{a.output.uuid}}"}}],
             "edges":[{"source":"t","target":"a"},{"source":"a","target":"b"}]}
            """);
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("chain"));
    List<Step> started = interpreter.start(chain, state, Map.of());
    String first = ((Step.FunctionCalled) started.getLast()).executionId();

    List<Step> steps = interpreter.complete(chain, state, "a", first, 1, Map.of("uuid", "u-1"));

    Step.FunctionCalled call = (Step.FunctionCalled) steps.getLast();
    assertThat(call.input()).isEqualTo(Map.of("byLabel", "id u-1", "byId", "u-1"));
  }

  @Test
  void aDisabledNodeIsSkippedAndPassesItsInputThrough() {
    WorkflowDefinition skip =
        definition(
            """
            {"id":"skip","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"off","type":"action","enabled":false,"config":{"actionId":"core/echo"}},
              {"id":"end","type":"end"}],
             "edges":[{"source":"t","target":"off"},{"source":"off","target":"end"}]}
            """);
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("skip"));
    List<Step> steps = interpreter.start(skip, state, Map.of("k", "v"));

    assertThat(steps).noneMatch(Step.FunctionCalled.class::isInstance);
    assertThat(steps).last().isInstanceOf(Step.RunCompleted.class);
  }

  @Test
  void parallelBranchesRunTogetherAndTheRunWaitsForBoth() {
    WorkflowDefinition fanOut =
        definition(
            """
            {"id":"fan","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"a","type":"action","config":{"actionId":"core/echo"}},
              {"id":"b","type":"action","config":{"actionId":"core/echo"}}],
             "edges":[{"source":"t","target":"a"},{"source":"t","target":"b"}]}
            """);
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("fan"));
    List<Step> steps = interpreter.start(fanOut, state, Map.of());
    List<Step.FunctionCalled> calls =
        steps.stream()
            .filter(Step.FunctionCalled.class::isInstance)
            .map(Step.FunctionCalled.class::cast)
            .toList();
    assertThat(calls).hasSize(2);

    List<Step> afterA = interpreter.complete(fanOut, state, "a", calls.get(0).executionId(), 1, 1);
    assertThat(afterA).noneMatch(Step.RunCompleted.class::isInstance);
    List<Step> afterB = interpreter.complete(fanOut, state, "b", calls.get(1).executionId(), 1, 2);
    assertThat(afterB).last().isInstanceOf(Step.RunCompleted.class);
  }

  @Test
  void theTriggerIsReachableByItsIdAndLabelAsWellAsByTrigger() {
    WorkflowDefinition byLabel =
        definition(
            """
            {"id":"label","nodes":[
              {"id":"start","type":"trigger","label":"Web Hook"},
              {"id":"a","type":"action","config":{"function":"core/echo","input":{
                "byLabel":"{{WebHook.token}}","byId":"{{start.token}}","run":"{{run.workflowId}}"}}}],
             "edges":[{"source":"start","target":"a"}]}
            """);

    List<Step> steps =
        interpreter.start(
            byLabel,
            RunState.fresh(RunId.of("run_1"), WorkflowId.of("label")),
            Map.of("token", "tk"));

    assertThat(((Step.FunctionCalled) steps.getLast()).input())
        .isEqualTo(Map.of("byLabel", "tk", "byId", "tk", "run", "label"));
  }
}
