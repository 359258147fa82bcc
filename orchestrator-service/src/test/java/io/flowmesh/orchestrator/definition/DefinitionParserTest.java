package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DefinitionParserTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final DefinitionParser parser = new DefinitionParser(json);

  private WorkflowDefinition parse(String document) {
    return parser.parse(json.readTree(document));
  }

  private InvalidRequestException rejected(String document) {
    return (InvalidRequestException)
        assertThatThrownBy(() -> parse(document))
            .isInstanceOf(InvalidRequestException.class)
            .actual();
  }

  @Test
  void acceptsTheSeedFormatWithActionIdLabelsAndTemplates() {
    WorkflowDefinition definition =
        parse(
            """
            {"id":"wf","name":"Seed","version":"1.0.0",
             "nodes":[
               {"id":"t","type":"trigger","label":"Start","enabled":true,"position":{"x":0,"y":0},"config":{}},
               {"id":"a1","type":"activity","label":"Get UUID","config":{"actionId":"core/echo","v":"{{trigger.token}}"}},
               {"id":"a2","type":"action","label":"Say","config":{"actionId":"core/echo","message":"UUID: {{GetUUID.data.uuid}}"}}
             ],
             "edges":[{"id":"e1","source":"t","target":"a1"},{"id":"e2","source":"a1","target":"a2"}],
             "executionOrder":["t","a1","a2"],
             "metadata":{"author":"x"}}
            """);

    assertThat(definition.trigger().id()).isEqualTo("t");
    assertThat(definition.node("a1").kind()).isEqualTo(NodeKind.ACTION);
    assertThat(definition.node("a1").function()).isEqualTo("core/echo");
    assertThat(definition.successors("a1")).extracting(Node::id).containsExactly("a2");
  }

  @Test
  void reportsEveryProblemWithItsFieldPath() {
    InvalidRequestException e =
        rejected(
            """
            {"id":"wf","nodes":[
               {"id":"t","type":"trigger"},
               {"id":"x","type":"teleport"},
               {"id":"a","type":"action","config":{}},
               {"id":"a","type":"end"}
             ],
             "edges":[{"source":"t","target":"nowhere"}]}
            """);

    assertThat(e.problems())
        .extracting(FieldProblem::field)
        .contains("nodes[1].type", "nodes[2].config.actionId", "nodes[3].id", "edges[0].target");
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p.message()).contains("'teleport'").contains("node 'x'"));
  }

  @Test
  void requiresExactlyOneTrigger() {
    InvalidRequestException e =
        rejected(
            """
            {"id":"wf","nodes":[{"id":"t1","type":"trigger"},{"id":"t2","type":"trigger"}],"edges":[]}
            """);
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> assertThat(p.message()).contains("exactly one trigger node, found 2: [t1, t2]"));
  }

  @Test
  void rejectsCyclesAndUnreachableNodes() {
    InvalidRequestException cycle =
        rejected(
            """
            {"id":"wf","nodes":[{"id":"t","type":"trigger"},
              {"id":"a","type":"action","config":{"function":"core/echo"}},
              {"id":"b","type":"action","config":{"function":"core/echo"}}],
             "edges":[{"source":"t","target":"a"},{"source":"a","target":"b"},{"source":"b","target":"a"}]}
            """);
    assertThat(cycle.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("cycle").contains("a -> b -> a"));

    InvalidRequestException unreachable =
        rejected(
            """
            {"id":"wf","nodes":[{"id":"t","type":"trigger"},{"id":"lost","type":"end"}],"edges":[]}
            """);
    assertThat(unreachable.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("nodes[1]");
              assertThat(p.message()).contains("'lost' is unreachable");
            });
  }

  @Test
  void rejectsTemplatesThatReferToNothing() {
    InvalidRequestException e =
        rejected(
            """
            {"id":"wf","nodes":[{"id":"t","type":"trigger"},
              {"id":"a","type":"action","config":{"function":"core/echo","input":{"m":"{{ghost.value}}","n":"{{bad path}}"}}}],
             "edges":[{"source":"t","target":"a"}]}
            """);
    assertThat(e.problems())
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder("nodes[1].config.input.m", "nodes[1].config.input.n");
  }

  @Test
  void rejectsANonObjectAndMissingId() {
    assertThatThrownBy(() -> parse("[1,2]")).isInstanceOf(InvalidRequestException.class);
    InvalidRequestException e = rejected("{\"nodes\":[{\"id\":\"t\",\"type\":\"trigger\"}]}");
    assertThat(e.problems()).extracting(FieldProblem::field).contains("id");
  }

  @Test
  void aLabelOrAnEdgeIdThatIsAnObjectOrAnArrayIsAProblemNotAnException() {
    // shrunk by a property-based trial run: both threw Jackson's JsonNodeException (a 500)
    InvalidRequestException e =
        rejected(
            """
            {"id":"w","nodes":[{"id":"t","type":"trigger","label":[]},{"id":"e","type":"end"}],
             "edges":[{"id":{},"source":"t","target":"e"}]}
            """);
    assertThat(e.problems())
        .extracting(FieldProblem::field, FieldProblem::message)
        .contains(
            tuple("nodes[0].label", "must be a string"), tuple("edges[0].id", "must be a string"));
    assertThatThrownBy(
            () ->
                parse(
                    """
                    {"edges":[{"id":{}}],"name":0,"nodes":0,"id":0,"executionOrder":[],
                     "onFailure":[]}
                    """))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aTemplatesListIndexBeyondAnIntIsNotFoundRatherThanANumberFormatException() {
    assertThatThrownBy(
            () ->
                Templates.resolve(
                    "{{trigger.2147500000}}", "config.x", Map.of("trigger", List.of())))
        .isInstanceOf(Templates.UnresolvedTemplateException.class);
  }
}
