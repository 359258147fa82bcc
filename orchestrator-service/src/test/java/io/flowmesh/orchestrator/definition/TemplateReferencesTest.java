package io.flowmesh.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** References that can never resolve are save-time errors naming the field and the reason. */
class TemplateReferencesTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final DefinitionParser parser = new DefinitionParser(json);

  private List<FieldProblem> problems(String document) {
    return ((InvalidRequestException)
            assertThatThrownBy(() -> parser.parse(json.readTree(document)))
                .isInstanceOf(InvalidRequestException.class)
                .actual())
        .problems();
  }

  @Test
  void runHasOnlyIdAndWorkflowId() {
    List<FieldProblem> problems =
        problems(
            """
            {"id":"wf","nodes":[{"id":"t","type":"trigger"},
              {"id":"a","type":"action","config":{"function":"f","input":{
                "ok":"{{run.id}} {{run.workflowId}}","bad":"{{run.owner}}"}}}],
             "edges":[{"source":"t","target":"a"}]}
            """);

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("nodes[1].config.input.bad");
              assertThat(p.message()).contains("{{run.owner}}").contains("run.id, run.workflowId");
            });
  }

  @Test
  void aNodeThatDoesNotRunBeforeCannotBeReferredToByIdOrLabel() {
    List<FieldProblem> problems =
        problems(
            """
            {"id":"wf","nodes":[{"id":"t","type":"trigger"},
              {"id":"split","type":"parallel"},
              {"id":"left","type":"action","label":"Left Side","config":{"function":"f"}},
              {"id":"right","type":"action","config":{"function":"f",
                "input":{"l":"{{LeftSide.x}}","self":"{{right.y}}","later":"{{end.z}}"}}},
              {"id":"end","type":"end"}],
             "edges":[{"source":"t","target":"split"},{"source":"split","target":"left"},
                      {"source":"split","target":"right"},{"source":"right","target":"end"}]}
            """);

    assertThat(problems)
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder(
            "nodes[3].config.input.l", "nodes[3].config.input.self", "nodes[3].config.input.later");
    assertThat(problems.getFirst().message())
        .contains("refers to node 'left', which does not run before it");
  }

  @Test
  void upstreamNodesTheTriggerAndItsLabelMayBeReferredTo() {
    WorkflowDefinition definition =
        parser.parse(
            json.readTree(
                """
                {"id":"wf","nodes":[{"id":"t","type":"trigger","label":"Start Here"},
                  {"id":"a","type":"action","label":"Fetch Data","config":{"function":"f"}},
                  {"id":"b","type":"action","config":{"function":"f","input":{
                    "x":"{{FetchData.data.content}}","y":"{{a.output.id}}",
                    "z":"{{StartHere.token}}","w":"{{t.token}}","v":"{{trigger.token}}"}}}],
                 "edges":[{"source":"t","target":"a"},{"source":"a","target":"b"}]}
                """));

    assertThat(definition.nodes()).hasSize(3);
  }

  @Test
  void itemAndIndexExistOnlyInAForEach() {
    assertThat(
            problems(
                """
                {"id":"wf","nodes":[{"id":"t","type":"trigger"},
                  {"id":"a","type":"action","config":{"function":"f","input":{"v":"{{item.x}}"}}}],
                 "edges":[{"source":"t","target":"a"}]}
                """))
        .extracting(FieldProblem::field)
        .containsExactly("nodes[1].config.input.v");
    assertThat(
            parser
                .parse(
                    json.readTree(
                        """
                        {"id":"wf","nodes":[{"id":"t","type":"trigger"},
                          {"id":"e","type":"for-each","config":{"items":"trigger.list",
                            "function":"f","input":{"v":"{{item.x}}","i":"{{index}}"}}}],
                         "edges":[{"source":"t","target":"e"}]}
                        """))
                .node("e")
                .kind())
        .isEqualTo(NodeKind.FOR_EACH);
  }

  @Test
  void aForEachNeedsListItemsAFunctionAndASaneConcurrency() {
    assertThat(
            problems(
                """
                {"id":"wf","nodes":[{"id":"t","type":"trigger"},
                  {"id":"e","type":"for-each","config":{"items":"1 + 1","concurrency":0}}],
                 "edges":[{"source":"t","target":"e"}]}
                """))
        .extracting(FieldProblem::field)
        .containsExactly(
            "nodes[1].config.items", "nodes[1].config.function", "nodes[1].config.concurrency");
  }
}
