package io.flowmesh.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.model.run.ExecutionError;
import io.flowmesh.orchestrator.RunId;
import io.flowmesh.orchestrator.WorkflowId;
import io.flowmesh.orchestrator.definition.DefinitionParser;
import io.flowmesh.orchestrator.definition.WorkflowDefinition;
import io.flowmesh.orchestrator.engine.foreach.ForEachProgress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ForEachInterpreterTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger ids = new AtomicInteger();
  private final Interpreter interpreter = new Interpreter(() -> "exe" + ids.incrementAndGet());

  private WorkflowDefinition definition(String config) {
    return new DefinitionParser(json)
        .parse(
            json.readTree(
                """
                {"id":"loop","nodes":[{"id":"t","type":"trigger","label":"Start"},
                  {"id":"each","type":"for-each","label":"Each Order","config":%s},
                  {"id":"next","type":"action","config":{"function":"core/echo",
                    "input":{"all":"{{EachOrder}}"}}}],
                 "edges":[{"source":"t","target":"each"},{"source":"each","target":"next"}]}
                """
                    .formatted(config)));
  }

  private final WorkflowDefinition orders =
      definition(
          """
          {"items":"trigger.orders.filter(o, o.qty > 0)","function":"core/echo","concurrency":2,
           "input":{"order":"{{item.id}}","position":"{{index}}","customer":"{{Start.customer}}"}}
          """);

  private static List<Step.ItemCalled> calls(List<Step> steps) {
    return steps.stream()
        .filter(Step.ItemCalled.class::isInstance)
        .map(Step.ItemCalled.class::cast)
        .toList();
  }

  private final Map<String, Object> trigger =
      Map.of(
          "customer",
          "c-1",
          "orders",
          List.of(
              Map.of("id", "a", "qty", 1),
              Map.of("id", "zero", "qty", 0),
              Map.of("id", "b", "qty", 2),
              Map.of("id", "c", "qty", 3)));

  @Test
  void evaluatesTheItemsAndCallsTheFunctionForTheFirstConcurrencyOfThem() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("loop"));

    List<Step> steps = interpreter.start(orders, state, trigger);

    Step.NodeStarted started = (Step.NodeStarted) steps.get(2);
    assertThat(started.node().id()).isEqualTo("each");
    assertThat(started.input())
        .isEqualTo(
            Map.of(
                "items",
                List.of(
                    Map.of("id", "a", "qty", 1L),
                    Map.of("id", "b", "qty", 2L),
                    Map.of("id", "c", "qty", 3L)),
                "concurrency",
                2));
    List<Step.ItemCalled> calls = calls(steps);
    assertThat(calls).extracting(Step.ItemCalled::index).containsExactly(0, 1);
    assertThat(calls.getFirst().input())
        .isEqualTo(Map.of("order", "a", "position", 0, "customer", "c-1"));
    assertThat(calls.get(1).input())
        .isEqualTo(Map.of("order", "b", "position", 1, "customer", "c-1"));
    assertThat(calls)
        .allSatisfy(c -> assertThat(c.nodeExecutionId()).isEqualTo(started.executionId()));
    assertThat(calls).extracting(Step.ItemCalled::executionId).doesNotHaveDuplicates();
    assertThat(state.idle()).isFalse();
  }

  @Test
  void aResultStartsTheNextItemAndTheLastCompletesTheNodeWithOutputsInItemOrder() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("loop"));
    List<Step> first = interpreter.start(orders, state, trigger);
    String node = ((Step.NodeStarted) first.get(2)).executionId();
    @SuppressWarnings("unchecked")
    List<Object> items =
        (List<Object>)
            ((Map<String, Object>) ((Step.NodeStarted) first.get(2)).input()).get("items");

    // item 1 finishes first: item 2 starts in its slot
    List<Step> afterOne =
        interpreter.itemCompleted(
            orders,
            state,
            "each",
            node,
            items,
            ForEachProgress.restore(3, 2, Map.of(), Set.of(0, 1)),
            1,
            "B");
    assertThat(calls(afterOne)).extracting(Step.ItemCalled::index).containsExactly(2);
    assertThat(calls(afterOne).getFirst().input())
        .isEqualTo(Map.of("order", "c", "position", 2, "customer", "c-1"));

    List<Step> afterTwo =
        interpreter.itemCompleted(
            orders,
            state,
            "each",
            node,
            items,
            ForEachProgress.restore(3, 2, Map.of(1, "B"), Set.of(0, 2)),
            2,
            "C");
    assertThat(afterTwo).isEmpty();

    List<Step> last =
        interpreter.itemCompleted(
            orders,
            state,
            "each",
            node,
            items,
            ForEachProgress.restore(3, 2, Map.of(1, "B", 2, "C"), Set.of(0)),
            0,
            "A");
    Step.NodeCompleted completed = (Step.NodeCompleted) last.getFirst();
    assertThat(completed.executionId()).isEqualTo(node);
    assertThat(completed.output()).isEqualTo(List.of("A", "B", "C"));
    // the next node reads the collected outputs by the for-each's label
    assertThat(((Step.FunctionCalled) last.getLast()).input())
        .isEqualTo(Map.of("all", List.of("A", "B", "C")));
  }

  @Test
  void aRedeliveredItemResultChangesNothing() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("loop"));
    interpreter.start(orders, state, trigger);

    List<Step> steps =
        interpreter.itemCompleted(
            orders,
            state,
            "each",
            "exe3",
            List.of("a", "b", "c"),
            ForEachProgress.restore(3, 2, Map.of(0, "A"), Set.of(1)),
            0,
            "A again");

    assertThat(steps).isEmpty();
  }

  @Test
  void aFailingItemFailsTheNodeNamingTheIndex() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("loop"));
    List<Step> first = interpreter.start(orders, state, trigger);
    String node = ((Step.NodeStarted) first.get(2)).executionId();

    List<Step> steps =
        interpreter.itemFailed(
            orders, state, "each", node, 1, new ExecutionError("HTTP_500", "upstream down", true));

    Step.NodeFailed failed = (Step.NodeFailed) steps.getFirst();
    assertThat(failed.executionId()).isEqualTo(node);
    assertThat(failed.error().code()).isEqualTo("HTTP_500");
    assertThat(failed.error().message())
        .isEqualTo("for-each node 'each': item 1 failed: upstream down");
    assertThat(steps).last().isInstanceOf(Step.RunFailed.class);
  }

  @Test
  void noItemsCompletesTheNodeAtOnceWithAnEmptyList() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("loop"));

    List<Step> steps =
        interpreter.start(orders, state, Map.of("customer", "c", "orders", List.of()));

    assertThat(calls(steps)).isEmpty();
    assertThat(state.outputs().get("each")).isEqualTo(List.of());
    assertThat(((Step.FunctionCalled) steps.getLast()).input()).isEqualTo(Map.of("all", List.of()));
  }

  @Test
  void itemsThatAreNotAListFailTheNodeWithTheExpression() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("loop"));

    List<Step> steps =
        interpreter.start(
            definition("{\"items\":\"trigger.orders\",\"function\":\"core/echo\"}"),
            state,
            Map.of("orders", "not a list"));

    Step.NodeFailed failed =
        steps.stream()
            .filter(Step.NodeFailed.class::isInstance)
            .map(Step.NodeFailed.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(failed.error().code()).isEqualTo("EXPRESSION_FAILED");
    assertThat(failed.error().message()).contains("for-each node 'each'").contains("not a list");
  }

  @Test
  void anItemInputThatDoesNotResolveFailsTheNodeNamingTheIndexAndTemplate() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("loop"));

    List<Step> steps =
        interpreter.start(
            definition(
                "{\"items\":\"trigger.orders\",\"function\":\"core/echo\","
                    + "\"input\":{\"id\":\"{{item.id}}\"}}"),
            state,
            Map.of("orders", List.of(Map.of("id", 1), Map.of("name", "no id"))));

    assertThat(calls(steps)).extracting(Step.ItemCalled::index).containsExactly(0);
    Step.NodeFailed failed =
        steps.stream()
            .filter(Step.NodeFailed.class::isInstance)
            .map(Step.NodeFailed.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(failed.error().code()).isEqualTo("TEMPLATE_UNRESOLVED");
    assertThat(failed.error().message()).contains("item 1").contains("{{item.id}}");
  }

  @Test
  void withoutInputEachItemIsTheFunctionInputAndConcurrencyDefaultsToTen() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("loop"));
    List<Object> many = new java.util.ArrayList<>();
    for (int i = 0; i < 25; i++) {
      many.add(i);
    }

    List<Step> steps =
        interpreter.start(
            definition("{\"items\":\"trigger.n\",\"function\":\"core/echo\"}"),
            state,
            Map.of("n", many));

    assertThat(calls(steps)).hasSize(10);
    assertThat(calls(steps))
        .extracting(Step.ItemCalled::input)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void aRetriedForEachKeepsTheItemsItHadAndCallsOnlyThoseThatDidNotComplete() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("loop"));
    state.outputs().put("trigger", trigger);
    Map<String, Object> previous =
        Map.of("items", List.of(Map.of("id", "a"), Map.of("id", "b"), Map.of("id", "c")));

    List<Step> steps =
        interpreter.retryForEach(orders, state, "each", 2, previous, Map.of(0, "A", 2, "C"));

    Step.NodeStarted started = (Step.NodeStarted) steps.getFirst();
    assertThat(started.attempt()).isEqualTo(2);
    @SuppressWarnings("unchecked")
    Map<String, Object> input = (Map<String, Object>) started.input();
    assertThat(input)
        .containsEntry("items", previous.get("items"))
        .containsEntry(Interpreter.CARRIED_OVER, Map.of("0", "A", "2", "C"));
    assertThat(calls(steps)).extracting(Step.ItemCalled::index).containsExactly(1);
    String nodeExecution = started.executionId();

    List<Step> done =
        interpreter.itemCompleted(
            orders,
            state,
            "each",
            nodeExecution,
            2,
            List.copyOf((List<?>) previous.get("items")),
            ForEachProgress.restore(3, 2, Map.of(0, "A", 2, "C"), Set.of(1)),
            1,
            "B");
    Step.NodeCompleted completed = (Step.NodeCompleted) done.getFirst();
    assertThat(completed.attempt()).isEqualTo(2);
    assertThat(completed.output()).isEqualTo(List.of("A", "B", "C"));
  }

  @Test
  void aRetriedForEachWhoseItemsNeverEvaluatedEvaluatesThemAgain() {
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("loop"));
    state.outputs().put("trigger", trigger);

    List<Step> steps = interpreter.retryForEach(orders, state, "each", 2, null, Map.of());

    assertThat(((Step.NodeStarted) steps.getFirst()).attempt()).isEqualTo(2);
    assertThat(calls(steps)).extracting(Step.ItemCalled::index).containsExactly(0, 1);
  }
}
