package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Definitions as large as the limits allow are checked without a stack overflow and in linear time;
 * anything beyond a limit is a problem that names it.
 */
class DefinitionLimitsTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final DefinitionParser parser = new DefinitionParser(json);

  @Test
  void aChainOfFiveThousandActionNodesEachReadingItsPredecessorParses() {
    WorkflowDefinition definition = parser.parse(chain(5_000, true));

    assertThat(definition.nodes()).hasSize(5_001);
    assertThat(definition.successors("a4998")).extracting(Node::id).containsExactly("a4999");
  }

  @Test
  void aNodeOfALongChainReadingANodeAfterItIsReported() {
    ObjectNode document = chain(5_000, false);
    config(document, 10).put("late", "{{a4000.value}}");

    assertThat(problems(document))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("nodes[10].config.late");
              assertThat(p.message()).contains("refers to node 'a4000', which does not run before");
            });
  }

  @Test
  void moreNodesThanTheLimitAreRejectedNamingTheLimit() {
    assertThat(problems(chain(10_000, false)))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("nodes");
              assertThat(p.message())
                  .contains("10001")
                  .contains("at most 10000")
                  .contains("flowmesh.orchestrator.definitions.limits.max-nodes");
            });
  }

  @Test
  void moreEdgesThanTheLimitAreRejectedNamingTheLimit() {
    DefinitionParser strict =
        new DefinitionParser(json, new DefinitionLimits(100, 5, DataSize.ofMegabytes(1), 32));

    assertThatThrownBy(() -> strict.parse(chain(10, false)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("edges: has 10 entries; at most 5 are allowed")
        .hasMessageContaining("flowmesh.orchestrator.definitions.limits.max-edges");
  }

  @Test
  void aDocumentLargerThanTheLimitIsTooLargeNamingTheLimit() {
    DefinitionParser strict =
        new DefinitionParser(json, new DefinitionLimits(100, 100, DataSize.ofKilobytes(1), 32));

    assertThatThrownBy(() -> strict.parse(chain(50, false)))
        .isInstanceOf(DefinitionTooLargeException.class)
        .satisfies(
            e ->
                assertThat(((DefinitionTooLargeException) e).detail())
                    .isEqualTo(
                        "The definition is larger than"
                            + " flowmesh.orchestrator.definitions.limits.max-document-size allows:"
                            + " at most 1024 bytes as compact JSON."));
  }

  @Test
  void aConfigAsDeepAsTheLimitIsAcceptedAndOneLevelDeeperIsNot() {
    ObjectNode document = chain(1, false);
    config(document, 1).set("deep", nested(31)); // the config itself is level 1
    assertThat(parser.parse(document).node("a0").config()).containsKey("deep");

    config(document, 1).set("deep", nested(32));
    assertThat(problems(document))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("nodes[1].config");
              assertThat(p.message())
                  .isEqualTo(
                      "node 'a0': nests objects and arrays more than 32 levels deep"
                          + " (flowmesh.orchestrator.definitions.limits.max-config-depth)");
            });
  }

  @Test
  void aRetryOnTheNodeCountsAsPartOfItsConfig() {
    ObjectNode document = chain(1, false);
    ((ObjectNode) document.get("nodes").get(1)).set("retry", nested(32)); // level 2 to 33

    assertThat(problems(document))
        .singleElement()
        .satisfies(p -> assertThat(p.field()).isEqualTo("nodes[1].retry"));
  }

  @Test
  void aSavedVersionLoadsWhateverTheLimitsAreNow() {
    DefinitionParser lowered =
        new DefinitionParser(json, new DefinitionLimits(2, 1, DataSize.ofBytes(10), 1));
    ObjectNode document = chain(20, false);
    config(document, 1).set("deep", nested(5));

    assertThat(lowered.parseSaved(document).nodes()).hasSize(21);
  }

  @Test
  void aCycleOfFiveThousandNodesIsReportedWithoutOverflowingTheStack() {
    ObjectNode document = chain(5_000, false);
    ((ArrayNode) document.get("edges"))
        .addObject()
        .put("id", "back")
        .put("source", "a4999")
        .put("target", "a0");

    assertThat(problems(document))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .isEqualTo(
                        "cycle through nodes a0 -> a1 -> a2 -> a3 -> a4 -> a5 -> ... (4989 more)"
                            + " ... -> a4995 -> a4996 -> a4997 -> a4998 -> a4999 -> a0"));
  }

  @Test
  void aShortCycleIsReportedInFull() {
    ObjectNode document = chain(3, false);
    ((ArrayNode) document.get("edges")).addObject().put("source", "a2").put("target", "a1");

    assertThat(problems(document))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).isEqualTo("cycle through nodes a1 -> a2 -> a1"));
  }

  @Test
  void aTemplateWithALongRunOfSpacesIsCheckedLikeAnyOther() {
    ObjectNode document = chain(1, false);
    config(document, 1).put("padded", "{{" + " ".repeat(50_000) + "trigger.x }}");
    config(document, 1).put("open", "{{" + " ".repeat(50_000));

    assertThat(parser.parse(document).node("a0").config()).containsKey("padded");
  }

  @Test
  void aTemplateReferenceIsTrimmedOfTheSpaceAroundIt() {
    Object resolved =
        Templates.resolve("{{ \t trigger.x \n}}", "config", Map.of("trigger", Map.of("x", 7)));

    assertThat(resolved).isEqualTo(7);
  }

  @Test
  void anExpressionNestedTooDeeplyIsAProblemNotAStackOverflow() {
    ObjectNode document = chain(1, false);
    ((ArrayNode) document.get("nodes"))
        .addObject()
        .put("id", "c")
        .put("type", "condition")
        .putObject("config")
        .put("expression", "(".repeat(4_000) + "true" + ")".repeat(4_000));
    ((ArrayNode) document.get("edges")).addObject().put("source", "a0").put("target", "c");

    assertThat(problems(document))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("recursion limit exceeded"));
  }

  @Test
  void anExpressionLongerThanTheLimitIsAProblemNamingTheLimit() {
    assertThat(Expressions.checkBoolean("true" + " && true".repeat(2_000)))
        .hasValue("is 16004 characters long; at most 10000 are allowed");
  }

  @Test
  void aFormThatRefersToItselfWithoutEndIsAProblemNotAStackOverflow() {
    assertThat(FormSchemas.problems(Map.of("allOf", List.of(Map.of("$ref", "#")))))
        .singleElement()
        .satisfies(p -> assertThat(p).contains("refers to itself without end"));
  }

  @Test
  void dataThatRunsIntoAFormsEndlessReferenceIsAViolationNotAStackOverflow() {
    Map<String, Object> form =
        Map.of(
            "type",
            "object",
            "properties",
            Map.of("x", Map.of("anyOf", List.of(Map.of("$ref", "#/properties/x")))));
    assertThat(FormSchemas.problems(form)).isEmpty();

    assertThat(FormSchemas.violations(form, Map.of("x", 1)))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("refers to itself without end"));
  }

  /** A trigger and {@code actions} action nodes in a chain; each may read its predecessor. */
  private ObjectNode chain(int actions, boolean readsPredecessor) {
    ObjectNode document = json.createObjectNode().put("id", "long");
    ArrayNode nodes = document.putArray("nodes");
    ArrayNode edges = document.putArray("edges");
    nodes.addObject().put("id", "t").put("type", "trigger");
    String previous = "t";
    for (int i = 0; i < actions; i++) {
      String id = "a" + i;
      ObjectNode config = nodes.addObject().put("id", id).put("type", "action").putObject("config");
      config.put("actionId", "core/echo");
      if (readsPredecessor && i > 0) {
        config.put("value", "{{" + previous + ".value}}");
      }
      edges.addObject().put("id", "e" + i).put("source", previous).put("target", id);
      previous = id;
    }
    return document;
  }

  private static ObjectNode config(ObjectNode document, int node) {
    return (ObjectNode) document.get("nodes").get(node).get("config");
  }

  /** {@code levels} objects, one inside the other. */
  private JsonNode nested(int levels) {
    ObjectNode outer = json.createObjectNode();
    ObjectNode current = outer;
    for (int i = 1; i < levels; i++) {
      current = current.putObject("x");
    }
    return outer;
  }

  private List<FieldProblem> problems(JsonNode document) {
    return ((InvalidRequestException)
            assertThatThrownBy(() -> parser.parse(document))
                .isInstanceOf(InvalidRequestException.class)
                .actual())
        .problems();
  }
}
