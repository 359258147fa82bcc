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

class PublishEventInterpreterTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicInteger ids = new AtomicInteger();
  private final Interpreter interpreter = new Interpreter(() -> "exe" + ids.incrementAndGet());

  private WorkflowDefinition definition(String config) {
    return new DefinitionParser(json)
        .parse(
            json.readTree(
                """
                {"id":"pub","nodes":[{"id":"t","type":"trigger"},
                  {"id":"pub","type":"publish-event","label":"Announce","config":%s},
                  {"id":"next","type":"action","config":{"function":"core/echo",
                    "input":{"sent":"{{Announce.type}}"}}}],
                 "edges":[{"source":"t","target":"pub"},{"source":"pub","target":"next"}]}
                """
                    .formatted(config)));
  }

  private static <T extends Step> T only(List<Step> steps, Class<T> type) {
    return steps.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }

  @Test
  void publishesTheResolvedEventAndCompletesAtOnceWithTheEventAsOutput() {
    WorkflowDefinition definition =
        definition(
            """
            {"type":"com.acme.order.{{trigger.what}}","subject":"order-{{trigger.id}}",
             "data":{"id":"{{trigger.id}}","run":"{{run.id}}"}}
            """);
    RunState state = RunState.fresh(RunId.of("run_1"), WorkflowId.of("pub"));

    List<Step> steps = interpreter.start(definition, state, Map.of("what", "shipped", "id", 7));

    assertThat(steps)
        .extracting(step -> step.getClass().getSimpleName())
        .containsExactly(
            "NodeStarted",
            "NodeCompleted",
            "NodeStarted",
            "EventPublished",
            "NodeCompleted",
            "NodeStarted",
            "FunctionCalled");
    Step.EventPublished event = only(steps, Step.EventPublished.class);
    assertThat(event.type()).isEqualTo("com.acme.order.shipped");
    assertThat(event.subject()).isEqualTo("order-7");
    assertThat(event.data()).isEqualTo(Map.of("id", 7, "run", "run_1"));
    assertThat(state.outputs().get("pub"))
        .isEqualTo(
            Map.of(
                "type",
                "com.acme.order.shipped",
                "subject",
                "order-7",
                "data",
                Map.of("id", 7, "run", "run_1")));
    // later nodes read the event by the node's label
    assertThat(((Step.FunctionCalled) steps.getLast()).input())
        .isEqualTo(Map.of("sent", "com.acme.order.shipped"));
  }

  @Test
  void withoutSubjectAndDataTheEventCarriesAnEmptyObject() {
    List<Step> steps =
        interpreter.start(
            definition("{\"type\":\"com.acme.ping\"}"),
            RunState.fresh(RunId.of("run_1"), WorkflowId.of("pub")),
            Map.of());

    Step.EventPublished event = only(steps, Step.EventPublished.class);
    assertThat(event.subject()).isNull();
    assertThat(event.data()).isEqualTo(Map.of());
  }

  @Test
  void aTemplatedTypeThatResolvesToAReservedTypeFailsTheNode() {
    List<Step> steps =
        interpreter.start(
            definition("{\"type\":\"{{trigger.type}}\"}"),
            RunState.fresh(RunId.of("run_1"), WorkflowId.of("pub")),
            Map.of("type", "io.flowmesh.run.completed.v1"));

    Step.NodeFailed failed = only(steps, Step.NodeFailed.class);
    assertThat(failed.error().code()).isEqualTo("INVALID_EVENT");
    assertThat(failed.error().message()).contains("publish-event node 'pub'").contains("reserved");
    assertThat(steps).noneMatch(Step.EventPublished.class::isInstance);
    assertThat(steps).last().isInstanceOf(Step.RunFailed.class);
  }

  @Test
  void aMissingDataReferenceFailsTheNodeNamingThePath() {
    List<Step> steps =
        interpreter.start(
            definition("{\"type\":\"com.acme.x\",\"data\":{\"v\":\"{{trigger.missing.deep}}\"}}"),
            RunState.fresh(RunId.of("run_1"), WorkflowId.of("pub")),
            Map.of());

    Step.NodeFailed failed = only(steps, Step.NodeFailed.class);
    assertThat(failed.error().code()).isEqualTo("TEMPLATE_UNRESOLVED");
    assertThat(failed.error().message())
        .contains("{{trigger.missing.deep}}")
        .contains("config.data.v");
    assertThat(steps).noneMatch(Step.EventPublished.class::isInstance);
  }
}
