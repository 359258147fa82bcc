package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The seed's executionOrder may leave nodes out, but what it lists must agree with the edges. */
class ExecutionOrderTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final DefinitionParser parser = new DefinitionParser(json);

  private static final String NODES =
      """
      "nodes":[{"id":"t","type":"trigger"},
        {"id":"a","type":"action","config":{"actionId":"core/echo"}},
        {"id":"d","type":"action","enabled":false,"config":{"actionId":"core/echo"}},
        {"id":"b","type":"action","config":{"actionId":"core/echo"}}]
      """;

  private static final String CHAIN =
      """
      "edges":[{"id":"e1","source":"t","target":"a"},{"id":"e2","source":"a","target":"d"},
               {"id":"e3","source":"d","target":"b"}]
      """;

  @Test
  void anOrderThatAgreesWithTheEdgesIsAccepted() {
    WorkflowDefinition definition =
        parser.parse(
            json.readTree(
                "{\"id\":\"wf\","
                    + NODES
                    + ","
                    + CHAIN
                    + ","
                    + "\"executionOrder\":[\"t\",\"a\",\"d\",\"b\"]}"));

    assertThat(definition.nodes()).hasSize(4);
  }

  @Test
  void nodesMayBeLeftOutOfTheOrder() {
    WorkflowDefinition definition =
        parser.parse(
            json.readTree(
                "{\"id\":\"wf\","
                    + NODES
                    + ","
                    + CHAIN
                    + ","
                    + "\"executionOrder\":[\"a\",\"b\"]}"));

    assertThat(definition.nodes()).hasSize(4);
  }

  @Test
  void anEdgeAgainstTheOrderIsReportedNamingTheFirstOffendingPair() {
    List<FieldProblem> problems =
        problems(
            "{\"id\":\"wf\","
                + NODES
                + ","
                + CHAIN
                + ","
                + "\"executionOrder\":[\"t\",\"b\",\"d\",\"a\"]}");

    assertThat(problems)
        .containsExactly(
            new FieldProblem("executionOrder", "'d' comes before 'a', but edge 'e2' runs a -> d"));
  }

  @Test
  void aPathThroughANodeLeftOutOfTheOrderCountsToo() {
    List<FieldProblem> problems =
        problems(
            "{\"id\":\"wf\","
                + NODES
                + ","
                + CHAIN
                + ","
                + "\"executionOrder\":[\"t\",\"b\",\"a\"]}");

    assertThat(problems)
        .containsExactly(
            new FieldProblem(
                "executionOrder",
                "'b' comes before 'a', but the edges run a -> d -> b"
                    + " (through nodes executionOrder leaves out)"));
  }

  @Test
  void anErrorEdgeOrdersItsNodesLikeAnyOther() {
    List<FieldProblem> problems =
        problems(
            """
            {"id":"wf",
             "nodes":[{"id":"t","type":"trigger"},
               {"id":"fetch","type":"action","config":{"actionId":"core/echo"}},
               {"id":"fallback","type":"action","config":{"actionId":"core/echo"}}],
             "edges":[{"id":"e1","source":"t","target":"fetch"},
               {"id":"onError","source":"fetch","target":"fallback","sourceHandle":"error"}],
             "executionOrder":["t","fallback","fetch"]}
            """);

    assertThat(problems)
        .containsExactly(
            new FieldProblem(
                "executionOrder",
                "'fallback' comes before 'fetch', but edge 'onError' runs fetch -> fallback"));
  }

  @Test
  void aNodeListedTwiceIsReported() {
    List<FieldProblem> problems =
        problems(
            "{\"id\":\"wf\","
                + NODES
                + ","
                + CHAIN
                + ","
                + "\"executionOrder\":[\"t\",\"a\",\"d\",\"a\",\"b\"]}");

    assertThat(problems)
        .containsExactly(
            new FieldProblem(
                "executionOrder[3]", "'a' is listed twice (also at executionOrder[1])"));
  }

  @Test
  void anUnknownNodeOrAnEntryThatIsNoIdIsReported() {
    List<FieldProblem> problems =
        problems(
            "{\"id\":\"wf\"," + NODES + "," + CHAIN + "," + "\"executionOrder\":[\"t\",\"x\",7]}");

    assertThat(problems)
        .containsExactly(
            new FieldProblem("executionOrder[1]", "no node with id 'x'"),
            new FieldProblem("executionOrder[2]", "must be a node id"));
  }

  private List<FieldProblem> problems(String document) {
    return ((InvalidRequestException)
            assertThatThrownBy(() -> parser.parse(json.readTree(document)))
                .isInstanceOf(InvalidRequestException.class)
                .actual())
        .problems();
  }
}
