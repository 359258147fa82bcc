package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Save-time checks of the nodes that wait for an event: a wait-for-event node and an approval gate
 * need an event name; a correlation must be CEL giving a bool over {@code event} and {@code run}; a
 * timeout and a timeout edge are theirs as an approval gate's are.
 */
class EventWaitConfigTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final DefinitionParser parser = new DefinitionParser(json);

  private WorkflowDefinition parse(String node, String moreEdges) {
    return parser.parse(
        json.readTree(
            """
            {"id":"wf","nodes":[{"id":"t","type":"trigger"},%s,{"id":"late","type":"end"}],
             "edges":[{"source":"t","target":"n"},{"source":"n","target":"late"%s}]}
            """
                .formatted(node, moreEdges)));
  }

  private List<FieldProblem> problems(String node) {
    InvalidRequestException e =
        (InvalidRequestException)
            assertThatThrownBy(() -> parse(node, ""))
                .isInstanceOf(InvalidRequestException.class)
                .actual();
    return e.problems();
  }

  @Test
  void aWaitForEventNodeWithACorrelationAndATimeoutBranchIsAccepted() {
    WorkflowDefinition definition =
        parse(
            """
            {"id":"n","type":"wait-for-event","config":{"eventName":"com.acme.order.paid",
              "correlation":"event.data.orderId == run.input.orderId","timeout":"PT1H"}}
            """,
            ",\"sourceHandle\":\"timeout\"");

    Node node = definition.node("n");
    assertThat(node.kind()).isEqualTo(NodeKind.WAIT_FOR_EVENT);
    assertThat(node.eventName()).isEqualTo("com.acme.order.paid");
    assertThat(node.correlation()).isEqualTo("event.data.orderId == run.input.orderId");
  }

  @Test
  void aWaitForEventNodeWithoutAnEventNameIsRefusedNamingTheNodeAndField() {
    assertThat(problems("{\"id\":\"n\",\"type\":\"wait-for-event\",\"config\":{}}"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("nodes[1].config.eventName");
              assertThat(p.message())
                  .contains("wait-for-event node 'n'")
                  .contains("event name it waits for");
            });
  }

  @Test
  void aCorrelationThatIsNotCelGivingABoolIsRefusedNamingTheNodeAndField() {
    assertThat(
            problems(
                """
                {"id":"n","type":"wait-for-event","config":{"eventName":"e",
                  "correlation":"event.data.orderId =="}}
                """))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("nodes[1].config.correlation");
              assertThat(p.message())
                  .contains("wait-for-event node 'n'")
                  .contains("not a valid CEL expression");
            });
    assertThat(
            problems(
                """
                {"id":"n","type":"approval-gate","config":{"eventName":"e",
                  "correlation":"'a string, not a bool'"}}
                """))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("nodes[1].config.correlation");
              assertThat(p.message()).contains("approval-gate node 'n'").contains("a bool");
            });
  }

  @Test
  void aCorrelationOverAnythingButEventAndRunIsRefused() {
    assertThat(
            problems(
                """
                {"id":"n","type":"wait-for-event","config":{"eventName":"e",
                  "correlation":"trigger.orderId == event.data.orderId"}}
                """))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("nodes[1].config.correlation");
              assertThat(p.message()).contains("variables: event, run");
            });
  }

  @Test
  void aCorrelationThatIsNotAStringIsRefused() {
    assertThat(
            problems(
                """
                {"id":"n","type":"wait-for-event","config":{"eventName":"e","correlation":42}}
                """))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("nodes[1].config.correlation");
              assertThat(p.message()).contains("must be a CEL expression (a string)");
            });
  }

  @Test
  void aTimeoutEdgeNeedsTheWaitForEventNodeToHaveATimeout() {
    InvalidRequestException e =
        (InvalidRequestException)
            assertThatThrownBy(
                    () ->
                        parse(
                            "{\"id\":\"n\",\"type\":\"wait-for-event\",\"config\":{\"eventName\":\"e\"}}",
                            ",\"sourceHandle\":\"timeout\""))
                .isInstanceOf(InvalidRequestException.class)
                .actual();
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("edges[1].sourceHandle");
              assertThat(p.message()).contains("wait-for-event node without a timeout");
            });
  }
}
