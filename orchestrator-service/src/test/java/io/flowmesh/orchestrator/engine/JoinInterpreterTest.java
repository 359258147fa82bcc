package io.flowmesh.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.WorkflowId;
import io.flowmesh.orchestrator.definition.DefinitionParser;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Parallel fan-out and join (mode all | any). */
class JoinInterpreterTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger ids = new AtomicInteger();
  private final Interpreter interpreter = new Interpreter(() -> "exe" + ids.incrementAndGet());

  private WorkflowDefinition definition(String mode) {
    return new DefinitionParser(json)
        .parse(
            json.readTree(
                """
                {"id":"fan","nodes":[
                  {"id":"t","type":"trigger"},
                  {"id":"split","type":"parallel"},
                  {"id":"a","type":"action","config":{"function":"core/a"}},
                  {"id":"b","type":"action","config":{"function":"core/b"}},
                  {"id":"join","type":"join","config":%s},
                  {"id":"after","type":"action","config":{"function":"core/after","input":{"fromA":"{{join.a.v}}"}}}],
                 "edges":[{"source":"t","target":"split"},{"source":"split","target":"a"},
                          {"source":"split","target":"b"},{"source":"a","target":"join"},
                          {"source":"b","target":"join"},{"source":"join","target":"after"}]}
                """
                    .formatted(mode)));
  }

  private static List<String> started(List<Step> steps) {
    return steps.stream()
        .filter(Step.NodeStarted.class::isInstance)
        .map(step -> ((Step.NodeStarted) step).node().id())
        .toList();
  }

  private static String executionOf(List<Step> steps, String nodeId) {
    return steps.stream()
        .filter(Step.FunctionCalled.class::isInstance)
        .map(Step.FunctionCalled.class::cast)
        .filter(call -> call.node().id().equals(nodeId))
        .findFirst()
        .orElseThrow()
        .executionId();
  }

  @Test
  void parallelStartsEveryBranch() {
    List<Step> steps =
        interpreter.start(
            definition("{}"), RunState.fresh(RunId.of("run_1"), WorkflowId.of("fan")), Map.of());

    assertThat(started(steps)).containsExactly("t", "split", "a", "b");
    assertThat(steps).filteredOn(Step.FunctionCalled.class::isInstance).hasSize(2);
  }

  @Test
  void joinAllWaitsForEveryBranchAndCollectsTheirOutputsById() {
    WorkflowDefinition fan = definition("{\"mode\":\"all\"}");
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("fan"));
    List<Step> first = interpreter.start(fan, state, Map.of());

    List<Step> afterB =
        interpreter.complete(fan, state, "b", executionOf(first, "b"), 1, Map.of("v", "B"));
    assertThat(started(afterB)).isEmpty();
    assertThat(afterB).noneMatch(Step.RunCompleted.class::isInstance);

    List<Step> afterA =
        interpreter.complete(fan, state, "a", executionOf(first, "a"), 1, Map.of("v", "A"));
    assertThat(started(afterA)).containsExactly("join", "after");
    Step.NodeCompleted joined = (Step.NodeCompleted) afterA.get(2);
    assertThat(joined.output()).isEqualTo(Map.of("a", Map.of("v", "A"), "b", Map.of("v", "B")));
    Step.FunctionCalled after = (Step.FunctionCalled) afterA.getLast();
    assertThat(after.input()).isEqualTo(Map.of("fromA", "A"));
  }

  @Test
  void joinAllIsTheDefault() {
    WorkflowDefinition fan = definition("{}");
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("fan"));
    List<Step> first = interpreter.start(fan, state, Map.of());

    assertThat(started(interpreter.complete(fan, state, "a", executionOf(first, "a"), 1, null)))
        .isEmpty();
  }

  @Test
  void joinAllSeesBranchesCompletedInEarlierTransactions() {
    // State reloaded from the database: 'a' completed in an earlier transaction, 'b' is running.
    WorkflowDefinition fan = definition("{\"mode\":\"all\"}");
    RunState reloaded =
        new RunState(
            RunId.of("run_1"),
            WorkflowId.of("fan"),
            Map.of("trigger", Map.of(), "a", Map.of("v", "A")),
            Set.of("t", "split", "a", "b"),
            Set.of("b"),
            Set.of("t", "split", "a"));

    List<Step> steps = interpreter.complete(fan, reloaded, "b", "exe-b", 1, Map.of("v", "B"));

    assertThat(started(steps)).containsExactly("join", "after");
  }

  @Test
  void joinAnyContinuesWithTheFirstArrivalAndIgnoresTheRest() {
    WorkflowDefinition fan = definition("{\"mode\":\"any\"}");
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("fan"));
    List<Step> first = interpreter.start(fan, state, Map.of());

    List<Step> afterA =
        interpreter.complete(fan, state, "a", executionOf(first, "a"), 1, Map.of("v", "A"));
    assertThat(started(afterA)).containsExactly("join", "after");
    assertThat(((Step.NodeCompleted) afterA.get(2)).output()).isEqualTo(Map.of("v", "A"));

    List<Step> afterB =
        interpreter.complete(fan, state, "b", executionOf(first, "b"), 1, Map.of("v", "B"));
    assertThat(started(afterB)).isEmpty();
    // 'after' still runs, so the run is not complete yet
    assertThat(afterB).noneMatch(Step.RunCompleted.class::isInstance);
  }

  @Test
  void aDisabledJoinPassesTheFirstArrivalThrough() {
    WorkflowDefinition fan =
        new DefinitionParser(json)
            .parse(
                json.readTree(
                    """
                    {"id":"fan","nodes":[{"id":"t","type":"trigger"},{"id":"split","type":"parallel"},
                      {"id":"a","type":"action","config":{"function":"core/a"}},
                      {"id":"b","type":"action","config":{"function":"core/b"}},
                      {"id":"join","type":"join","enabled":false},{"id":"end","type":"end"}],
                     "edges":[{"source":"t","target":"split"},{"source":"split","target":"a"},
                              {"source":"split","target":"b"},{"source":"a","target":"join"},
                              {"source":"b","target":"join"},{"source":"join","target":"end"}]}
                    """));
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("fan"));
    List<Step> first = interpreter.start(fan, state, Map.of());

    assertThat(
            started(
                interpreter.complete(fan, state, "a", executionOf(first, "a"), 1, Map.of("v", 1))))
        .containsExactly("join", "end");
  }

  @Test
  void anUnknownJoinModeIsAValidationError() {
    assertThatThrownBy(() -> definition("{\"mode\":\"some\"}"))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(
            e ->
                assertThat(((InvalidRequestException) e).problems())
                    .extracting(FieldProblem::field, FieldProblem::message)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                            "nodes[4].config.mode",
                            "join node 'join': mode must be \"all\" or \"any\", got 'some'")));
  }

  @Test
  void anApprovalGateKeepsTheRunOpenUntilItCompletesWithTheEventData() {
    WorkflowDefinition gated =
        new DefinitionParser(json)
            .parse(
                json.readTree(
                    """
                    {"id":"g","nodes":[{"id":"t","type":"trigger"},
                      {"id":"gate","type":"approval-gate","config":{"eventName":"approved"}},
                      {"id":"end","type":"end"}],
                     "edges":[{"source":"t","target":"gate"},{"source":"gate","target":"end"}]}
                    """));
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("g"));
    List<Step> first = interpreter.start(gated, state, Map.of());

    assertThat(started(first)).containsExactly("t", "gate");
    assertThat(first).noneMatch(Step.RunCompleted.class::isInstance);
    Step.EventAwaited awaited = (Step.EventAwaited) first.getLast();
    assertThat(awaited.eventName()).isEqualTo("approved");
    assertThat(awaited.correlation()).isNull();
    String gateExecution = awaited.executionId();

    List<Step> approved =
        interpreter.complete(gated, state, "gate", gateExecution, 1, Map.of("by", "ann"));
    assertThat(started(approved)).containsExactly("end");
    assertThat(approved).last().isInstanceOf(Step.RunCompleted.class);
    assertThat(state.outputs()).containsEntry("gate", Map.of("by", "ann"));
  }
}
