package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.orchestrator.definition.reliability.NodeSettings;
import io.flowmesh.orchestrator.definition.reliability.RetryPolicy;
import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validation on save of retry policies, timeouts, timer nodes, error and timeout edges, onFailure.
 */
class ReliabilityDefinitionTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final DefinitionParser parser = new DefinitionParser(json);

  private WorkflowDefinition parse(String document) {
    return parser.parse(json.readTree(document));
  }

  private List<FieldProblem> problems(String document) {
    InvalidRequestException rejected =
        (InvalidRequestException)
            assertThatThrownBy(() -> parse(document))
                .isInstanceOf(InvalidRequestException.class)
                .actual();
    return rejected.problems();
  }

  private static String workflow(String nodes, String edges) {
    return "{\"id\":\"wf\",\"nodes\":[{\"id\":\"t\",\"type\":\"trigger\"},"
        + nodes
        + "],\"edges\":["
        + edges
        + "]}";
  }

  @Test
  void theSeedsTimerAndApprovalTimeoutFormsAreAccepted() {
    WorkflowDefinition definition =
        parse(
            workflow(
                """
                {"id":"timer-1","type":"timer","label":"Wait 5 Minutes","config":{"durationMinutes":5}},
                {"id":"approval-1","type":"approval-gate","config":{"eventName":"manager_approval","timeoutHours":24,"message":"Please review"}}
                """,
                "{\"source\":\"t\",\"target\":\"timer-1\"},{\"source\":\"timer-1\",\"target\":\"approval-1\"}"));

    assertThat(NodeSettings.timerDuration(definition.node("timer-1").config()))
        .hasValue(Duration.ofMinutes(5));
    assertThat(NodeSettings.timeout(definition.node("approval-1").config()))
        .hasValue(Duration.ofHours(24));
  }

  @Test
  void retryAndTimeoutOnTheNodeItselfMeanTheSameAsInItsConfig() {
    WorkflowDefinition definition =
        parse(
            workflow(
                """
                {"id":"a","type":"action","retry":{"maxAttempts":4},"timeout":"PT10S",
                 "config":{"actionId":"x/a","v":1,"duration":"long","until":"done"}}
                """,
                "{\"source\":\"t\",\"target\":\"a\"}"));

    Node action = definition.node("a");
    assertThat(RetryPolicy.of(action.config()).maxAttempts()).isEqualTo(4);
    assertThat(NodeSettings.timeout(action.config())).hasValue(Duration.ofSeconds(10));
    // settings are not input; a timer's field names are, on an action
    assertThat(action.inputTemplate())
        .isEqualTo(Map.of("v", 1, "duration", "long", "until", "done"));
  }

  @Test
  void aTimerNeedsExactlyOneOfDurationOrUntil() {
    assertThat(
            problems(
                workflow(
                    "{\"id\":\"w\",\"type\":\"timer\",\"config\":{}}",
                    "{\"source\":\"t\",\"target\":\"w\"}")))
        .extracting(FieldProblem::field)
        .containsExactly("nodes[1].config.duration");
    assertThat(
            problems(
                workflow(
                    "{\"id\":\"w\",\"type\":\"timer\",\"config\":{\"duration\":\"PT1M\",\"until\":\"2030-01-01T00:00:00Z\"}}",
                    "{\"source\":\"t\",\"target\":\"w\"}")))
        .extracting(FieldProblem::field)
        .containsExactly("nodes[1].config.duration");
  }

  @Test
  void badDurationsAndTimestampsAreNamedWithTheirField() {
    List<FieldProblem> problems =
        problems(
            workflow(
                """
                {"id":"w1","type":"timer","config":{"duration":"5 minutes"}},
                {"id":"w2","type":"timer","config":{"until":"tomorrow"}},
                {"id":"w3","type":"timer","config":{"duration":"PT0S"}},
                {"id":"g","type":"approval-gate","config":{"eventName":"e","timeout":"-PT1H"}}
                """,
                "{\"source\":\"t\",\"target\":\"w1\"},{\"source\":\"t\",\"target\":\"w2\"},"
                    + "{\"source\":\"t\",\"target\":\"w3\"},{\"source\":\"t\",\"target\":\"g\"}"));

    assertThat(problems)
        .extracting(FieldProblem::field)
        .contains(
            "nodes[1].config.duration",
            "nodes[2].config.until",
            "nodes[3].config.duration",
            "nodes[4].config.timeout");
    assertThat(problems.get(0).message()).contains("ISO-8601");
    assertThat(problems)
        .filteredOn(p -> p.field().equals("nodes[2].config.until"))
        .singleElement()
        .extracting(FieldProblem::message)
        .asString()
        .contains("timer node 'w2'")
        .contains("RFC 3339");
  }

  @Test
  void retryAndTimeoutOnlyWhereTheyMeanSomething() {
    List<FieldProblem> problems =
        problems(
            workflow(
                """
                {"id":"c","type":"condition","config":{"expression":"true","retry":{}}},
                {"id":"w","type":"timer","config":{"duration":"PT1M","timeout":"PT2M"}},
                {"id":"e","type":"end"}
                """,
                "{\"source\":\"t\",\"target\":\"c\"},{\"source\":\"c\",\"target\":\"w\",\"sourceHandle\":\"true\"},"
                    + "{\"source\":\"w\",\"target\":\"e\"}"));

    assertThat(problems)
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder("nodes[1].config.retry", "nodes[2].config.timeout");
    assertThat(problems.get(0).message()).contains("node 'c'").contains("action nodes");
  }

  @Test
  void anInvalidRetryPolicyIsReportedFieldByField() {
    List<FieldProblem> problems =
        problems(
            workflow(
                "{\"id\":\"a\",\"type\":\"action\",\"config\":{\"actionId\":\"x/a\",\"retry\":{\"maxAttempts\":-1,\"jitter\":2}}}",
                "{\"source\":\"t\",\"target\":\"a\"}"));

    assertThat(problems)
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder(
            "nodes[1].config.retry.maxAttempts", "nodes[1].config.retry.jitter");
  }

  @Test
  void timeoutEdgesLeaveOnlyApprovalGatesWithATimeout() {
    List<FieldProblem> problems =
        problems(
            workflow(
                """
                {"id":"g","type":"approval-gate","config":{"eventName":"e"}},
                {"id":"a","type":"action","config":{"actionId":"x/a"}},
                {"id":"x","type":"end"},{"id":"y","type":"end"}
                """,
                "{\"source\":\"t\",\"target\":\"g\"},{\"source\":\"g\",\"target\":\"a\"},"
                    + "{\"source\":\"g\",\"target\":\"x\",\"sourceHandle\":\"timeout\"},"
                    + "{\"source\":\"a\",\"target\":\"y\",\"sourceHandle\":\"timeout\"}"));

    assertThat(problems)
        .extracting(FieldProblem::field)
        .containsExactly("edges[2].sourceHandle", "edges[3].sourceHandle");
    assertThat(problems.get(0).message()).contains("approval gate without a timeout");
    assertThat(problems.get(1).message()).contains("a action node");
  }

  @Test
  void errorEdgesMayLeaveAnyNodeThatCanFailButNotTheTrigger() {
    List<FieldProblem> problems =
        problems(
            workflow(
                "{\"id\":\"a\",\"type\":\"action\",\"config\":{\"actionId\":\"x/a\"}},{\"id\":\"h\",\"type\":\"end\"}",
                "{\"source\":\"t\",\"target\":\"a\"},{\"source\":\"t\",\"target\":\"h\",\"sourceHandle\":\"error\"}"));

    assertThat(problems).extracting(FieldProblem::field).containsExactly("edges[1].sourceHandle");
    assertThat(problems.getFirst().message()).contains("trigger node 't'");

    WorkflowDefinition fine =
        parse(
            workflow(
                "{\"id\":\"a\",\"type\":\"action\",\"config\":{\"actionId\":\"x/a\"}},{\"id\":\"h\",\"type\":\"end\"},{\"id\":\"n\",\"type\":\"end\"}",
                "{\"source\":\"t\",\"target\":\"a\"},{\"source\":\"a\",\"target\":\"h\",\"sourceHandle\":\"error\"},"
                    + "{\"source\":\"a\",\"target\":\"n\"}"));
    // completion follows the normal edge only; the error edge is for failures
    assertThat(fine.successors("a")).extracting(Node::id).containsExactly("n");
    assertThat(fine.successors("a", "error")).extracting(Node::id).containsExactly("h");
  }

  @Test
  void theFailureHandlerStartsABranchOfItsOwn() {
    WorkflowDefinition definition =
        parse(
            """
            {"id":"wf","onFailure":"notify","nodes":[
              {"id":"t","type":"trigger"},
              {"id":"a","type":"action","config":{"actionId":"x/a"}},
              {"id":"notify","type":"action","config":{"actionId":"x/n"}},
              {"id":"done","type":"end"}],
             "edges":[{"source":"t","target":"a"},{"source":"notify","target":"done"}]}
            """);

    assertThat(definition.failureHandler()).isEqualTo("notify");
    assertThat(definition.inFailureBranch("done")).isTrue();
    assertThat(definition.inFailureBranch("a")).isFalse();
  }

  @Test
  void anInvalidFailureHandlerIsRejectedSayingWhy() {
    String nodes = "{\"id\":\"a\",\"type\":\"action\",\"config\":{\"actionId\":\"x/a\"}}";
    assertThat(
            problems(
                "{\"id\":\"wf\",\"onFailure\":\"ghost\",\"nodes\":[{\"id\":\"t\",\"type\":\"trigger\"},"
                    + nodes
                    + "],\"edges\":[{\"source\":\"t\",\"target\":\"a\"}]}"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("onFailure");
              assertThat(p.message()).contains("no node with id 'ghost'");
            });
    assertThat(
            problems(
                "{\"id\":\"wf\",\"onFailure\":\"a\",\"nodes\":[{\"id\":\"t\",\"type\":\"trigger\"},"
                    + nodes
                    + "],\"edges\":[{\"source\":\"t\",\"target\":\"a\"}]}"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("edges enter it from [t]"));
    assertThat(
            problems(
                "{\"id\":\"wf\",\"onFailure\":\"t\",\"nodes\":[{\"id\":\"t\",\"type\":\"trigger\"},"
                    + nodes
                    + "],\"edges\":[{\"source\":\"t\",\"target\":\"a\"}]}"))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("trigger cannot be"));
  }

  @Test
  void switchCasesCannotBeNamedLikeTheReservedHandles() {
    List<FieldProblem> problems =
        problems(
            workflow(
                "{\"id\":\"s\",\"type\":\"switch\",\"config\":{\"cases\":[{\"id\":\"error\",\"expression\":\"true\"}]}}",
                "{\"source\":\"t\",\"target\":\"s\"}"));

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("nodes[1].config.cases[0].id");
              assertThat(p.message()).contains("reserved");
            });
  }
}
