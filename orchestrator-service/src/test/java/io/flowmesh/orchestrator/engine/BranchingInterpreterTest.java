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

/** Condition and switch nodes: CEL decides the branch, only that branch runs. */
class BranchingInterpreterTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger ids = new AtomicInteger();
  private final Interpreter interpreter = new Interpreter(() -> "exe" + ids.incrementAndGet());

  private WorkflowDefinition definition(String document) {
    return new DefinitionParser(json).parse(json.readTree(document));
  }

  private final WorkflowDefinition condition =
      definition(
          """
          {"id":"cond","nodes":[
            {"id":"t","type":"trigger"},
            {"id":"big","type":"condition","label":"Is Big","config":{"expression":"trigger.amount > 100 && input.currency == 'EUR'"}},
            {"id":"approve","type":"action","config":{"function":"core/approve","input":{"amount":"{{IsBig.amount}}"}}},
            {"id":"auto","type":"end"}],
           "edges":[{"source":"t","target":"big"},
                    {"source":"big","target":"approve","sourceHandle":"true"},
                    {"source":"big","target":"auto","sourceHandle":"false"}]}
          """);

  private static List<String> started(List<Step> steps) {
    return steps.stream()
        .filter(Step.NodeStarted.class::isInstance)
        .map(step -> ((Step.NodeStarted) step).node().id())
        .toList();
  }

  @Test
  void aTrueConditionFollowsOnlyTheTrueBranchAndPassesItsInputThrough() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("cond"));
    List<Step> steps =
        interpreter.start(condition, state, Map.of("amount", 150, "currency", "EUR"));

    assertThat(started(steps)).containsExactly("t", "big", "approve");
    Step.FunctionCalled call = (Step.FunctionCalled) steps.getLast();
    // the condition's output is its input, reachable by label
    assertThat(call.input()).isEqualTo(Map.of("amount", 150));
    assertThat(steps).noneMatch(Step.RunCompleted.class::isInstance);
  }

  @Test
  void aFalseConditionFollowsOnlyTheFalseBranchAndTheRunCompletes() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("cond"));
    List<Step> steps = interpreter.start(condition, state, Map.of("amount", 99, "currency", "EUR"));

    assertThat(started(steps)).containsExactly("t", "big", "auto");
    assertThat(steps).noneMatch(Step.FunctionCalled.class::isInstance);
    assertThat(steps).last().isInstanceOf(Step.RunCompleted.class);
  }

  @Test
  void decimalsAndIntegersCompareAsCelNumbers() {
    WorkflowDefinition ratio =
        definition(
            """
            {"id":"r","nodes":[{"id":"t","type":"trigger"},
              {"id":"c","type":"condition","config":{"condition":"double(trigger.n) / 2.0 >= trigger.limit"}},
              {"id":"yes","type":"end"},{"id":"no","type":"end"}],
             "edges":[{"source":"t","target":"c"},{"source":"c","target":"yes","label":"True"},
                      {"source":"c","target":"no","label":"False"}]}
            """);
    List<Step> steps =
        interpreter.start(
            ratio,
            RunState.fresh(RunId.of("run_1"), WorkflowId.of("r")),
            json.readValue("{\"n\":3,\"limit\":1.5}", Map.class));

    assertThat(started(steps)).containsExactly("t", "c", "yes");
  }

  @Test
  void aMissingFieldFailsTheConditionNodeNamingNodeAndExpression() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("cond"));
    List<Step> steps = interpreter.start(condition, state, Map.of("currency", "EUR"));

    Step.NodeFailed failed =
        steps.stream()
            .filter(Step.NodeFailed.class::isInstance)
            .map(Step.NodeFailed.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(failed.node().id()).isEqualTo("big");
    assertThat(failed.error().code()).isEqualTo("EXPRESSION_FAILED");
    assertThat(failed.error().retryable()).isFalse();
    assertThat(failed.error().message())
        .contains("condition node 'big'")
        .contains("trigger.amount > 100");
    assertThat(steps).last().isInstanceOf(Step.RunFailed.class);
  }

  @Test
  void aConditionThatIsNotBooleanAtRunTimeFailsTheNode() {
    WorkflowDefinition dyn =
        definition(
            """
            {"id":"d","nodes":[{"id":"t","type":"trigger"},
              {"id":"c","type":"condition","config":{"expression":"trigger.flag"}},
              {"id":"yes","type":"end"}],
             "edges":[{"source":"t","target":"c"},{"source":"c","target":"yes","sourceHandle":"true"}]}
            """);
    List<Step> steps =
        interpreter.start(
            dyn, RunState.fresh(RunId.of("run_1"), WorkflowId.of("d")), Map.of("flag", "yes"));

    assertThat(steps)
        .filteredOn(Step.NodeFailed.class::isInstance)
        .singleElement()
        .satisfies(
            step ->
                assertThat(((Step.NodeFailed) step).error().message()).contains("not a boolean"));
  }

  private final WorkflowDefinition router =
      definition(
          """
          {"id":"sw","nodes":[
            {"id":"t","type":"trigger"},
            {"id":"route","type":"switch","config":{"cases":[
              {"id":"vip","expression":"trigger.tier == 'gold'"},
              {"id":"bulk","expression":"size(trigger.items) > 2"},
              {"id":"also-gold","expression":"trigger.tier == 'gold'"}]}},
            {"id":"vipEnd","type":"end"},{"id":"bulkEnd","type":"end"},
            {"id":"alsoEnd","type":"end"},{"id":"otherEnd","type":"end"}],
           "edges":[{"source":"t","target":"route"},
                    {"source":"route","target":"vipEnd","sourceHandle":"vip"},
                    {"source":"route","target":"bulkEnd","sourceHandle":"bulk"},
                    {"source":"route","target":"alsoEnd","sourceHandle":"also-gold"},
                    {"source":"route","target":"otherEnd","sourceHandle":"default"}]}
          """);

  @Test
  void aSwitchTakesTheFirstCaseThatMatches() {
    List<Step> steps =
        interpreter.start(
            router,
            RunState.fresh(RunId.of("run_1"), WorkflowId.of("sw")),
            Map.of("tier", "gold", "items", List.of(1, 2, 3)));

    assertThat(started(steps)).containsExactly("t", "route", "vipEnd");
    assertThat(steps).last().isInstanceOf(Step.RunCompleted.class);
  }

  @Test
  void aSwitchTakesALaterCaseWhenEarlierOnesAreFalse() {
    List<Step> steps =
        interpreter.start(
            router,
            RunState.fresh(RunId.of("run_1"), WorkflowId.of("sw")),
            Map.of("tier", "silver", "items", List.of(1, 2, 3)));

    assertThat(started(steps)).containsExactly("t", "route", "bulkEnd");
  }

  @Test
  void aSwitchWithNoMatchingCaseTakesTheDefaultBranch() {
    List<Step> steps =
        interpreter.start(
            router,
            RunState.fresh(RunId.of("run_1"), WorkflowId.of("sw")),
            Map.of("tier", "silver", "items", List.of()));

    assertThat(started(steps)).containsExactly("t", "route", "otherEnd");
  }

  @Test
  void aSwitchWithNoMatchAndNoDefaultEdgeEndsThatPathAndTheRunCompletes() {
    WorkflowDefinition noDefault =
        definition(
            """
            {"id":"nd","nodes":[{"id":"t","type":"trigger"},
              {"id":"s","type":"switch","config":{"cases":[{"id":"a","expression":"trigger.k == 'a'"}]}},
              {"id":"aEnd","type":"end"}],
             "edges":[{"source":"t","target":"s"},{"source":"s","target":"aEnd","sourceHandle":"a"}]}
            """);
    List<Step> steps =
        interpreter.start(
            noDefault, RunState.fresh(RunId.of("run_1"), WorkflowId.of("nd")), Map.of("k", "b"));

    assertThat(started(steps)).containsExactly("t", "s");
    assertThat(steps).last().isInstanceOf(Step.RunCompleted.class);
  }

  @Test
  void aDisabledConditionPassesDataThroughToEveryBranch() {
    WorkflowDefinition disabled =
        definition(
            """
            {"id":"dc","nodes":[{"id":"t","type":"trigger"},
              {"id":"c","type":"condition","enabled":false,"config":{"expression":"false"}},
              {"id":"yes","type":"end"},{"id":"no","type":"end"}],
             "edges":[{"source":"t","target":"c"},{"source":"c","target":"yes","sourceHandle":"true"},
                      {"source":"c","target":"no","sourceHandle":"false"}]}
            """);
    List<Step> steps =
        interpreter.start(
            disabled, RunState.fresh(RunId.of("run_1"), WorkflowId.of("dc")), Map.of());

    assertThat(started(steps)).containsExactly("t", "c", "yes", "no");
  }

  @Test
  void expressionsSeeEarlierNodeOutputsAndTheRun() {
    WorkflowDefinition scoped =
        definition(
            """
            {"id":"sc","nodes":[{"id":"t","type":"trigger"},
              {"id":"fetch","type":"action","config":{"function":"core/echo"}},
              {"id":"c","type":"condition","config":{"expression":"nodes.fetch.status == 'ok' && run.id == 'run_1'"}},
              {"id":"yes","type":"end"}],
             "edges":[{"source":"t","target":"fetch"},{"source":"fetch","target":"c"},
                      {"source":"c","target":"yes","sourceHandle":"true"}]}
            """);
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("sc"));
    List<Step> first = interpreter.start(scoped, state, Map.of());
    Step.FunctionCalled call = (Step.FunctionCalled) first.getLast();

    List<Step> steps =
        interpreter.complete(scoped, state, "fetch", call.executionId(), 1, Map.of("status", "ok"));

    assertThat(started(steps)).containsExactly("c", "yes");
    assertThat(steps).last().isInstanceOf(Step.RunCompleted.class);
  }
}
